import type { Kysely, Transaction } from 'kysely';
import type { Database, RunToolCallRow } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One call as the run recorded it. */
export interface NewToolCall {
  server: string;
  tool: string;
  arguments: unknown;
  durationMs: number;
  resultChars: number;
  error?: string | undefined;
  refused: boolean;
  /** The result text the model was given, cut as the run cut it; absent for a refused call. */
  result?: string | undefined;
}

/**
 * Stores call number `n` of a run. Idempotent: storing the same call again (a retried write
 * whose first answer was lost) keeps the first.
 */
export async function insertToolCall(db: Db, runId: string, n: number, call: NewToolCall): Promise<void> {
  await db
    .insertInto('run_tool_calls')
    .values({
      run_id: runId,
      n,
      server: call.server,
      tool: call.tool,
      arguments: JSON.stringify(call.arguments ?? null),
      duration_ms: Math.round(call.durationMs),
      result_chars: call.resultChars,
      error: call.error ?? null,
      refused: call.refused,
      result: call.result ?? null,
    })
    .onConflict((oc) => oc.columns(['run_id', 'n']).doNothing())
    .execute();
}

/** Every tool call of a run, in the order they were made. */
export async function listToolCalls(db: Db, runId: string): Promise<RunToolCallRow[]> {
  return db.selectFrom('run_tool_calls').selectAll().where('run_id', '=', runId).orderBy('n').execute();
}

/** The tool calls of several runs in one query, by run, each run's in the order the model asked for them. */
export async function listToolCallsOfRuns(db: Db, runIds: readonly string[]): Promise<Map<string, RunToolCallRow[]>> {
  const byRun = new Map<string, RunToolCallRow[]>(runIds.map((id) => [id, []]));
  if (runIds.length === 0) return byRun;
  const rows = await db
    .selectFrom('run_tool_calls')
    .selectAll()
    .where('run_id', 'in', runIds)
    .orderBy('run_id')
    .orderBy('n')
    .execute();
  for (const row of rows) byRun.get(row.run_id)?.push(row);
  return byRun;
}
