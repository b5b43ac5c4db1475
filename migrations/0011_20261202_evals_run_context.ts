import { type Kysely, sql } from 'kysely';

/**
 * Replayable runs (DESIGN.md "Evals"): what a run was given beyond its input, so `coworker eval`
 * replays it as it was. `run_contexts` holds the channel history as given, the attached files
 * (text files by their text, PDFs and images by name and SHA-256) and the read tools offered;
 * `run_tool_calls.result` the text each call gave the model (cut where the run cut it). The
 * fact versions a run was given are in `run_facts` already. `artifacts_run`: the audit trail
 * (`coworker runs`) and a replay find a run's artifacts by their run.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('run_contexts')
    .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
    .addColumn('history', 'jsonb', (c) => c.notNull())
    .addColumn('attachments', 'jsonb', (c) => c.notNull())
    .addColumn('read_tools', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.alterTable('run_tool_calls').addColumn('result', 'text').execute();
  await db.schema.createIndex('artifacts_run').on('artifacts').column('run_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('artifacts_run').execute();
  await db.schema.alterTable('run_tool_calls').dropColumn('result').execute();
  await db.schema.dropTable('run_contexts').execute();
}
