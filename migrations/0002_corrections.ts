import { type Kysely, sql } from 'kysely';

/** Corrections: threaded replies and edits, stored against the agent they correct. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
    .addColumn('artifact_id', 'text', (c) => c.notNull().references('artifacts.id'))
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('instruction', 'text', (c) => c.notNull())
    .addColumn('extraction', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('thread_ts', 'text')
    .addColumn('message_ts', 'text')
    .addColumn('ack_ts', 'text')
    .addColumn('retired_by', 'text')
    .addColumn('retired_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('corrections_agent_status')
    .on('corrections')
    .columns(['agent', 'status', 'created_at'])
    .execute();
  // One reply is one correction, however often Slack delivers it.
  await db.schema
    .createIndex('corrections_reply')
    .unique()
    .on('corrections')
    .columns(['channel_id', 'message_ts'])
    .execute();

  await db.schema
    .createTable('run_corrections')
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
    .addColumn('correction_id', 'text', (c) => c.notNull().references('corrections.id'))
    .addPrimaryKeyConstraint('run_corrections_pk', ['run_id', 'correction_id'])
    .execute();
  await db.schema.createIndex('run_corrections_correction').on('run_corrections').column('correction_id').execute();

  // A revision run names the artifact version it revises: one revision per version.
  await db.schema.alterTable('runs').addColumn('revision_of', 'text').execute();
  await db.schema.createIndex('runs_revision_of').unique().on('runs').column('revision_of').execute();
  await db.schema
    .createIndex('artifacts_lineage_version')
    .unique()
    .on('artifacts')
    .columns(['lineage_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('artifacts_lineage_version').execute();
  await db.schema.dropIndex('runs_revision_of').execute();
  await db.schema.alterTable('runs').dropColumn('revision_of').execute();
  await db.schema.dropTable('run_corrections').execute();
  await db.schema.dropTable('corrections').execute();
}
