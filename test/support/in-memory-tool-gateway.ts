import type { ToolCallResult, ToolDescription, ToolGateway } from '../../src/tools/tool-gateway.js';

/** A call the gateway received: which agent, which tool, with what. */
export interface ReceivedCall {
  agent: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
}

/** What a tool does when called; a throw is a server that cannot be reached. */
export type ToolHandler = (args: Record<string, unknown>, call: ReceivedCall) => Promise<ToolCallResult>;

export interface InMemoryToolGateway extends ToolGateway {
  /** Every call, in the order they arrived (before their handler ran). */
  readonly calls: ReceivedCall[];
  /** Replaces what the gateway lists from now on (a server changing its tools). */
  setTools(tools: ToolDescription[]): void;
  /** Replaces what `server.tool` does when called. */
  handle(id: string, handler: ToolHandler): void;
}

/**
 * A ToolGateway over tools held in memory, for unit and service tests: it lists `tools` for
 * every agent, records each call and answers with the tool's handler (default: `ok`). The real
 * gateway speaks MCP; integration tests use it against real servers.
 */
export function inMemoryToolGateway(
  tools: ToolDescription[],
  handlers: Record<string, ToolHandler> = {},
): InMemoryToolGateway {
  let listed = tools;
  const calls: ReceivedCall[] = [];
  const byId = new Map(Object.entries(handlers));
  return {
    calls,
    setTools(next) {
      listed = next;
    },
    handle(id, handler) {
      byId.set(id, handler);
    },
    async listTools() {
      return listed.map((tool) => structuredClone(tool));
    },
    async callTool(agent, call) {
      const received = { agent: agent.spec.name, ...structuredClone(call) };
      calls.push(received);
      const handler = byId.get(`${call.server}.${call.tool}`);
      return handler ? handler(received.arguments, received) : { isError: false, text: 'ok' };
    },
    async close() {},
  };
}

/** A write tool of server `server` with this input schema. */
export function writeTool(server: string, name: string, inputSchema: Record<string, unknown>): ToolDescription {
  return { server, name, description: `Writes ${name}.`, inputSchema, permission: 'write' };
}
