/**
 * The seam between runs / reviews and the MCP servers an agent's spec declares (`tools:`).
 * Runs only read through it during a run; an approved `actions` artifact calls write tools
 * through it. The implementation speaks MCP through the official SDK (see DESIGN.md "Tools").
 */
import type { LoadedAgent } from '../specs/loaded-agent.js';

/** What a spec allows the agent to do with a tool. */
export type ToolPermission = 'read' | 'write' | 'not allowed';

/** One tool a server offers, as listed by `tools/list`, with what this agent may do with it. */
export interface ToolDescription {
  /** The spec's server name (the key under `tools:`). */
  server: string;
  /** The tool's name on its server (without the server prefix). */
  name: string;
  description?: string;
  /** The tool's JSON Schema for its arguments (an object schema), as the server gave it. */
  inputSchema: Record<string, unknown>;
  /** The server's own annotations (readOnlyHint, destructiveHint, idempotentHint, openWorldHint, title). */
  annotations?: Record<string, unknown>;
  permission: ToolPermission;
}

/** What one tool call returned: its content as text (structured content JSON-encoded), and whether the server flagged it as an error. */
export interface ToolCallResult {
  isError: boolean;
  text: string;
}

/** How an agent's tool servers are reached. One per process; servers are connected on first use and kept. */
export interface ToolGateway {
  /**
   * Every tool of every server of the agent's spec, with its permission. Throws a CoworkerError
   * (code `tool_server_unavailable`) naming the server when one cannot be started or reached.
   */
  listTools(agent: LoadedAgent): Promise<ToolDescription[]>;
  /**
   * Calls one tool with these arguments. A result the server marks as an error is returned
   * (`isError: true`), not thrown; a server that cannot be reached throws as `listTools` does.
   * The gateway does not check permissions: callers decide which tools may be called when.
   */
  callTool(
    agent: LoadedAgent,
    call: { server: string; tool: string; arguments: Record<string, unknown> },
    options?: { signal?: AbortSignal },
  ): Promise<ToolCallResult>;
  /** Stops the servers of agents not among these (a reload dropped or changed them); optional. */
  retain?(agents: readonly LoadedAgent[]): Promise<void>;
  /** Stops every stdio server this gateway started (shutdown). */
  close(): Promise<void>;
}
