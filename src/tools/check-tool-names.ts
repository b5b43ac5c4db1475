import { toCoworkerError } from '../errors.js';
import type { LoadedAgent } from '../specs/loaded-agent.js';
import type { SpecProblem } from '../specs/spec-problem.js';
import type { ToolDescription, ToolGateway } from './tool-gateway.js';
import { unknownToolNames } from './tool-permissions.js';

export interface ToolProblem {
  file: string;
  problem: SpecProblem;
}

/**
 * Connects to every server of every agent with `tools:` and reports, as problems of the spec,
 * each name in `read` / `write` that its server does not offer, and each server that cannot be
 * reached. Like unknown channels these are known only once the app connects; they are reported
 * (log, App Home, `coworker tools`) and never switch an agent off.
 */
export async function checkToolNames(agents: readonly LoadedAgent[], gateway: ToolGateway): Promise<ToolProblem[]> {
  const problems: ToolProblem[] = [];
  for (const agent of agents) {
    if (Object.keys(agent.spec.tools).length === 0) continue;
    let tools: ToolDescription[];
    try {
      tools = await gateway.listTools(agent);
    } catch (err) {
      problems.push({ file: agent.file, problem: { path: 'tools', message: toCoworkerError(err).message } });
      continue;
    }
    problems.push(...toolNameProblems(agent, tools));
  }
  return problems;
}

/** The unknown names of one agent's `read` / `write` lists, given what its servers listed. Pure. */
export function toolNameProblems(agent: LoadedAgent, tools: readonly ToolDescription[]): ToolProblem[] {
  const problems: ToolProblem[] = [];
  for (const [server, spec] of Object.entries(agent.spec.tools)) {
    const offered = tools.filter((t) => t.server === server);
    const names = offered.map((t) => t.name).join(', ') || 'none';
    for (const unknown of unknownToolNames(spec, offered)) {
      problems.push({
        file: agent.file,
        problem: {
          path: `tools.${server}.${unknown.list}[${unknown.index}]`,
          message: `the server ${server} offers no tool "${unknown.name}" (it offers: ${names})`,
        },
      });
    }
  }
  return problems;
}
