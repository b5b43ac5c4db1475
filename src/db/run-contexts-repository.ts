import type { Kysely, Transaction } from 'kysely';
import type { Database, RunContextRow } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A run's context as it is stored (each part JSON-ready; the shapes are `runs/run-context.ts`). */
export interface NewRunContext {
  history: unknown;
  attachments: unknown;
  readTools: unknown;
}

/**
 * What a run was given, as its `run_contexts` row. It is stored with the run's first artifact, in
 * the statement that inserts it (`insertVersion`): a replay needs it only for an artifact, and a
 * run pays no round trip of its own for it. Stored once: a write retried after its answer was
 * lost keeps the first.
 */
export function runContextValues(runId: string, context: NewRunContext) {
  return {
    run_id: runId,
    history: JSON.stringify(context.history),
    attachments: JSON.stringify(context.attachments),
    read_tools: JSON.stringify(context.readTools),
  };
}

/** What each of these runs was given, by run; a run recorded before contexts were (or that never got that far) is absent. */
export async function runContextsOf(db: Db, runIds: readonly string[]): Promise<Map<string, RunContextRow>> {
  if (runIds.length === 0) return new Map();
  const rows = await db.selectFrom('run_contexts').selectAll().where('run_id', 'in', runIds).execute();
  return new Map(rows.map((row) => [row.run_id, row]));
}
