import path from 'node:path';
import { formatProblem, loadSpecs } from '../specs/load-specs.js';

/** What `coworker validate` needs; the environment and output are passed in so tests drive it directly. */
export interface ValidateAgentsOptions {
  /** The specs folder (AGENTS_DIR), absolute or relative to `cwd`. */
  agentsDir: string;
  /** Values for `${VAR}` in the specs. */
  env: Readonly<Record<string, string | undefined>>;
  /** Paths are printed relative to this folder. */
  cwd: string;
  /** Receives each output line (without a newline). */
  write: (line: string) => void;
  /** The model ids a spec may name (see `knownModels`); default: the model table. */
  models?: readonly string[];
}

/**
 * `coworker validate`: checks every spec the app would load, as a first load would (including
 * context files, models and conflicts between agents, both sides of which are printed), prints
 * each problem as `file:line: field: message` in file order, then a summary line. Returns the
 * exit code: 0 when every spec is valid (also when there are none), 1 otherwise.
 */
export async function validateAgents(opts: ValidateAgentsOptions): Promise<number> {
  const folder = path.resolve(opts.cwd, opts.agentsDir);
  const { agents, invalid, warnings } = await loadSpecs(
    folder,
    opts.env,
    opts.models === undefined ? {} : { models: opts.models },
  );
  const reported = [...invalid, ...warnings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const spec of reported) {
    for (const problem of spec.problems) opts.write(formatProblem(spec.file, problem, opts.cwd));
  }

  const shownFolder = path.relative(opts.cwd, folder) || '.';
  const folderFailed = invalid.some((spec) => spec.file === folder);
  if (folderFailed) {
    opts.write(`✗ no agents loaded from ${shownFolder}`);
    return 1;
  }
  if (invalid.length > 0 || warnings.length > 0) {
    opts.write(`${countAgents(agents.length)} valid, ${invalid.length} invalid`);
    return 1;
  }
  if (agents.length === 0) {
    opts.write(`No agent specs (*.yaml, *.yml) in ${shownFolder}`);
    return 0;
  }
  opts.write(`✓ ${countAgents(agents.length)} valid`);
  return 0;
}

function countAgents(n: number): string {
  return `${n} agent${n === 1 ? '' : 's'}`;
}
