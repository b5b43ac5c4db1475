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
 * Stores what a run was given, once: storing it again (a write retried after its answer was
 * lost) keeps the first.
 */
export async function insertRunContext(db: Db, runId: string, context: NewRunContext): Promise<void> {
  await db
    .insertInto('run_contexts')
    .values({
      run_id: runId,
      history: JSON.stringify(context.history),
      attachments: JSON.stringify(context.attachments),
      read_tools: JSON.stringify(context.readTools),
    })
    .onConflict((oc) => oc.column('run_id').doNothing())
    .execute();
}

/** What a run was given, or undefined for a run recorded before contexts were (or that never got that far). */
export async function getRunContext(db: Db, runId: string): Promise<RunContextRow | undefined> {
  return db.selectFrom('run_contexts').selectAll().where('run_id', '=', runId).executeTakeFirst();
}
