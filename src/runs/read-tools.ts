import type { Kysely } from 'kysely';
import { insertToolCall } from '../db/run-tool-calls-repository.js';
import type { Database } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { ReadToolDefinition } from '../model/build-request.js';
import type { ToolCallRecord } from '../model/run-tool-loop.js';
import { qualifiedName, ToolNameMap } from '../model/tool-names.js';
import { untilAborted } from '../model/until-aborted.js';
import type { LoadedAgent } from '../specs/loaded-agent.js';
import type { ToolDescription, ToolGateway } from '../tools/tool-gateway.js';
import type { RecordedReadTool } from './run-context.js';

/** The read tools of one run: what the model is offered, and how a call reaches its server. */
export interface RunTools {
  names: ToolNameMap;
  definitions: ReadToolDefinition[];
  call: ToolGateway['callTool'];
  /** The spec's write tools as the servers listed them: never offered here, only described (an `actions` artifact proposes calls of them). */
  writeTools: ToolDescription[];
  /** The read tools offered, as the servers described them: recorded with the run, so a replay offers the same. */
  offered: RecordedReadTool[];
}

const NO_TOOLS: RunTools = {
  names: new ToolNameMap([]),
  definitions: [],
  call: () => Promise.reject(new CoworkerError('internal', 'this agent has no tools.')),
  writeTools: [],
  offered: [],
};

/**
 * Lists the agent's servers' tools and keeps only those the spec lets it read: write tools and
 * tools not allowed are not even offered. An agent without `tools:` connects to nothing.
 * @throws CoworkerError `tool_server_unavailable` naming the server that cannot be reached, or
 *   the reason of `signal` (the run's deadline)
 */
export async function readToolsOf(
  gateway: ToolGateway | undefined,
  agent: LoadedAgent,
  signal: AbortSignal,
): Promise<RunTools> {
  if (Object.keys(agent.spec.tools).length === 0) return NO_TOOLS;
  if (gateway === undefined) {
    throw new CoworkerError('internal', `the agent ${agent.spec.name} has tools, but this process connects to none.`);
  }
  const listed = await untilAborted(gateway.listTools(agent), signal);
  const offered = listed
    .filter((tool) => tool.permission === 'read')
    .map((tool) => ({
      server: tool.server,
      tool: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      inputSchema: tool.inputSchema,
    }));
  return {
    ...offeredTools(offered),
    call: (...args) => gateway.callTool(...args),
    writeTools: listed.filter((tool) => tool.permission === 'write'),
    offered,
  };
}

/**
 * The names and definitions the model is offered for these read tools: the run's, or a
 * replay's from what the run recorded (the same tools give the same names). Pure.
 */
export function offeredTools(offered: readonly RecordedReadTool[]): Pick<RunTools, 'names' | 'definitions'> {
  const names = new ToolNameMap(offered.map(({ server, tool }) => ({ server, tool })));
  const definitions = offered.map((t) => ({
    modelName: names.toModel(t),
    qualifiedName: qualifiedName(t),
    ...(t.description === undefined ? {} : { description: t.description }),
    inputSchema: t.inputSchema,
  }));
  return { names, definitions };
}

/**
 * Stores each call on the run, numbered in the order the model asked for them. The number is
 * taken before the write, so a write repeated after a database outage stores the same row.
 */
export function recordToolCalls(
  store: (what: string, write: () => Promise<void>) => Promise<void>,
  db: Kysely<Database>,
  runId: string,
): (record: ToolCallRecord) => Promise<void> {
  let n = 0;
  return (record) => {
    n += 1;
    const number = n;
    return store('a tool call', () => insertToolCall(db, runId, number, record));
  };
}
