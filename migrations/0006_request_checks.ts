import { type Kysely, sql } from 'kysely';

/**
 * Defence in depth for signed requests: the Edit modals the app opened (an edit is accepted only
 * from one of these, for its artifact version and person), and the trigger ids of slash
 * commands already handled (a redelivered command runs once).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('edit_views')
    .addColumn('view_id', 'text', (c) => c.primaryKey())
    .addColumn('artifact_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('edit_views_artifact').on('edit_views').column('artifact_id').execute();

  await db.schema
    .createTable('slack_commands')
    .addColumn('trigger_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('slack_commands').execute();
  await db.schema.dropTable('edit_views').execute();
}
