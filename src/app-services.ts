import type { BackgroundWork } from './background-work.js';
import type { Config } from './config/config.js';
import type { RunServices } from './orchestration/execute-run.js';
import type { ApplyDeps } from './reviews/apply-approved.js';
import type { ToolGateway } from './tools/tool-gateway.js';

/** Everything the Slack adapter delegates to, built once by the composition root. */
export interface AppServices extends RunServices, ApplyDeps {
  config: Config;
  work: BackgroundWork;
  /** When an agent's schedule number `index` fires next in this process (null: not scheduled). */
  nextScheduledRun: (agent: string, index: number) => Date | null;
  /** Channel names in specs that Slack does not know, as `file: field: problem` lines. */
  channelProblems: () => readonly string[];
  /** Tool names in specs (`read` / `write`) their servers do not offer, and servers not reachable, as lines. */
  toolProblems: () => readonly string[];
  /** The agents' MCP servers (one connection each per process; closed on shutdown). */
  tools: ToolGateway;
}
