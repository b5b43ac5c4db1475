import { type Kysely, sql } from 'kysely';

/**
 * The audit trail of a run's tool calls (DESIGN.md "Tools"): every call the model asked for, in
 * order (`n` from 1), with its arguments, how long it took, how large its result was and its
 * error; `refused` marks a call that was never executed (not a read tool, or over the limit).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('run_tool_calls')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('server', 'text', (c) => c.notNull())
    .addColumn('tool', 'text', (c) => c.notNull())
    .addColumn('arguments', 'jsonb', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('result_chars', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('refused', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('called_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('run_tool_calls_pkey', ['run_id', 'n'])
    .execute();
  // How many of those an artifact's run made: its review lists them, and looks them up only then.
  await db.schema
    .alterTable('artifacts')
    .addColumn('tool_calls', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artifacts').dropColumn('tool_calls').execute();
  await db.schema.dropTable('run_tool_calls').execute();
}
