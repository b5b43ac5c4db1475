import { type Kysely, sql } from 'kysely';

/**
 * Core tables of the review loop. Frozen once released: later changes are new migrations.
 * Ids are text (UUIDs made by the app), times are timestamptz, JSON is jsonb.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agent_versions')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('spec', 'jsonb', (c) => c.notNull())
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('spec_hash', 'text')
    .addColumn('trigger_kind', 'text', (c) => c.notNull())
    .addColumn('trigger_user', 'text')
    .addColumn('trigger_detail', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('thread_ts', 'text')
    .addColumn('input', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('instance_id', 'text')
    .addColumn('status_ts', 'text')
    .addColumn('retry_of', 'text')
    .addColumn('model', 'text')
    .addColumn('model_calls', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('output_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cache_creation_input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cache_read_input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cost_usd', 'double precision')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('runs_agent_created').on('runs').columns(['agent', 'created_at']).execute();
  await db.schema.createIndex('runs_status').on('runs').column('status').execute();
  // A failed run is retried at most once, however many people press Retry at the same time.
  await db.schema.createIndex('runs_retry_of').unique().on('runs').column('retry_of').execute();

  await db.schema
    .createTable('artifacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id'))
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('options', 'jsonb', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('lineage_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('quorum', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('expires_at', 'timestamptz')
    .addColumn('channel_id', 'text')
    .addColumn('message_ts', 'text')
    .addColumn('thread_ts', 'text')
    .addColumn('corrections_used', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('edited', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('artifacts_message').on('artifacts').columns(['channel_id', 'message_ts']).execute();
  await db.schema.createIndex('artifacts_thread').on('artifacts').columns(['channel_id', 'thread_ts']).execute();
  await db.schema.createIndex('artifacts_status_expires').on('artifacts').columns(['status', 'expires_at']).execute();
  await db.schema.createIndex('artifacts_agent').on('artifacts').column('agent').execute();

  await db.schema
    .createTable('decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('artifact_id', 'text', (c) => c.notNull().references('artifacts.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('decisions_one_per_user', ['artifact_id', 'user_id', 'kind'])
    .execute();

  await db.schema
    .createTable('apply_steps')
    .addColumn('artifact_id', 'text', (c) => c.notNull().references('artifacts.id'))
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('result', 'jsonb')
    .addPrimaryKeyConstraint('apply_steps_pk', ['artifact_id', 'step'])
    .execute();

  await db.schema
    .createTable('slack_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['slack_events', 'apply_steps', 'decisions', 'artifacts', 'runs', 'agent_versions']) {
    await db.schema.dropTable(table).execute();
  }
}
