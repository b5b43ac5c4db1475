import type { ToolServer } from '../specs/tool-servers.js';
import type { ToolPermission } from './tool-gateway.js';

/** A tool as its server lists it, as far as permissions need. */
export interface OfferedTool {
  name: string;
  annotations?: Record<string, unknown>;
}

/**
 * What the spec lets the agent do with one of a server's tools. `write` lists are explicit;
 * `read` is the list when the spec gives one, otherwise every tool the server itself marks
 * `readOnlyHint: true` (a tool without the hint is never read by default). A tool in `write` is
 * never read, whatever its annotations say. Pure.
 */
export function permissionOf(server: Pick<ToolServer, 'read' | 'write'>, tool: OfferedTool): ToolPermission {
  if (server.write.includes(tool.name)) return 'write';
  if (server.read !== undefined) return server.read.includes(tool.name) ? 'read' : 'not allowed';
  return tool.annotations?.readOnlyHint === true ? 'read' : 'not allowed';
}

/** A name in `read` or `write` that the server does not offer: a spec problem, reported at connect time. */
export interface UnknownToolName {
  list: 'read' | 'write';
  index: number;
  name: string;
}

/** The names of `read` and `write` that are not among the server's tools. Pure. */
export function unknownToolNames(
  server: Pick<ToolServer, 'read' | 'write'>,
  offered: readonly OfferedTool[],
): UnknownToolName[] {
  const names = new Set(offered.map((t) => t.name));
  const unknown: UnknownToolName[] = [];
  for (const list of ['read', 'write'] as const) {
    (server[list] ?? []).forEach((name, index) => {
      if (!names.has(name)) unknown.push({ list, index, name });
    });
  }
  return unknown;
}
