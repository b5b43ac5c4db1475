import type { RunFacts } from '../artifacts/index.js';
import type { LoadedAgent } from '../specs/loaded-agent.js';
import type { ToolGateway } from '../tools/tool-gateway.js';

/**
 * What a run can tell an artifact type's binding, looked up only when asked: the agent's write
 * tools are those its servers list with permission `write` (no gateway: the process has no tool
 * servers, so none).
 */
export function runFacts(agent: LoadedAgent, tools: ToolGateway | undefined): RunFacts {
  return {
    async writeTools() {
      if (tools === undefined) return [];
      const listed = await tools.listTools(agent);
      return listed
        .filter((tool) => tool.permission === 'write')
        .map(({ server, name, description, inputSchema }) =>
          description === undefined ? { server, name, inputSchema } : { server, name, description, inputSchema },
        );
    },
  };
}
