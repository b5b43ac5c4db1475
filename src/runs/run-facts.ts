import type { RunFacts } from '../artifacts/index.js';
import type { ToolDescription } from '../tools/tool-gateway.js';

/**
 * What a run can tell an artifact type's binding: the agent's write tools, as its servers
 * listed them for this run (none without `tools:`).
 */
export function runFacts(writeTools: readonly ToolDescription[]): RunFacts {
  return {
    async writeTools() {
      return writeTools.map(({ server, name, description, inputSchema }) =>
        description === undefined ? { server, name, inputSchema } : { server, name, description, inputSchema },
      );
    },
  };
}
