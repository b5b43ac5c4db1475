import type { AgentSpec } from './agent-spec.js';
import type { InvalidSpec } from './spec-problem.js';

/** A valid spec, ready to run. */
export interface LoadedAgent {
  spec: AgentSpec;
  /** Absolute path of the spec file, as listed in the agents folder. */
  file: string;
  /** SHA-256 (hex) of the file's raw bytes: tells a reload whether the file changed. */
  hash: string;
}

/** Every spec of a folder: the usable ones and the rest with their problems. */
export interface SpecLoadResult {
  agents: LoadedAgent[];
  invalid: InvalidSpec[];
  /**
   * Problems of files whose agent still works: the other side of a conflict (same name or
   * command) with a file that was switched off. `coworker validate` fails on them too.
   */
  warnings: InvalidSpec[];
}
