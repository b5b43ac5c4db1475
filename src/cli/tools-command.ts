import type { Config } from '../config/config.js';
import { knownModels } from '../config/models.js';
import { CoworkerError, toCoworkerError } from '../errors.js';
import { AgentRegistry } from '../specs/agent-registry.js';
import { formatProblem, loadSpecs } from '../specs/load-specs.js';
import { toolNameProblems } from '../tools/check-tool-names.js';
import type { ToolDescription, ToolGateway } from '../tools/tool-gateway.js';
import { createCliToolGateway } from './cli-tool-gateway.js';

const PERMISSION_WIDTH = 'not allowed'.length;

/**
 * `coworker tools <agent>`: connects to each of the agent's MCP servers and prints every tool
 * with what the agent may do with it (read / write / not allowed) and the server's own
 * annotations, then the names in `read` / `write` that no server offers.
 * @returns the exit code: 1 when a server cannot be reached or a name is unknown
 */
export async function toolsCommand(
  config: Config,
  args: string[],
  write: (line: string) => void,
  gateway: ToolGateway = createCliToolGateway(config),
): Promise<number> {
  try {
    const [name] = args;
    if (!name) throw new CoworkerError('usage', 'which agent? Usage: coworker tools <agent>');
    const registry = new AgentRegistry(
      await loadSpecs(config.agentsDir, config.env, { models: knownModels(config.model, config.smallModel) }),
    );
    const agent = registry.get(name);
    if (!agent) {
      const known = registry.all().map((a) => a.spec.name);
      throw new CoworkerError(
        'agent_unknown',
        `there is no valid agent called "${name}" in ${config.agentsDir} (coworker validate shows the problems). Agents: ${known.join(', ') || 'none'}.`,
      );
    }
    const servers = Object.entries(agent.spec.tools);
    if (servers.length === 0) {
      write(`${name} has no tools: add a tools: section to its spec (see README.md, "Tools").`);
      return 0;
    }
    const unreachable = new Set<string>();
    const listed: ToolDescription[] = [];
    for (const [server, spec] of servers) {
      write(`${server} (${spec.command ? `stdio: ${spec.command.join(' ')}` : `HTTP: ${spec.url ?? ''}`})`);
      try {
        const tools = (
          await gateway.listTools({ ...agent, spec: { ...agent.spec, tools: { [server]: spec } } })
        ).filter((t) => t.server === server);
        listed.push(...tools);
        if (tools.length === 0) write('  (no tools)');
        const width = Math.max(...tools.map((t) => t.name.length));
        for (const tool of tools) {
          write(
            `  ${tool.permission.padEnd(PERMISSION_WIDTH)}  ${tool.name.padEnd(width)}${describeAnnotations(tool)}`,
          );
        }
      } catch (err) {
        unreachable.add(server);
        write(`  ${toCoworkerError(err).message}`);
      }
    }
    // A server that did not answer offers nothing: its names are not reported as unknown.
    const problems = toolNameProblems(agent, listed).filter(
      (p) => ![...unreachable].some((server) => p.problem.path.startsWith(`tools.${server}.`)),
    );
    for (const p of problems) write(formatProblem(p.file, p.problem, process.cwd()));
    return unreachable.size > 0 || problems.length > 0 ? 1 : 0;
  } finally {
    await gateway.close();
  }
}

function describeAnnotations(tool: ToolDescription): string {
  const entries = Object.entries(tool.annotations ?? {});
  return entries.length === 0 ? '' : `  (${entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')})`;
}
