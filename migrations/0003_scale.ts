import { type Kysely, sql } from 'kysely';

/** Running safely with several processes: heartbeats, schedule slots, delivery failures. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('heartbeat_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('stopped_at', 'timestamptz')
    .execute();

  // A schedule slot (agent schedule, fire time) is claimed by exactly one process before it runs.
  await db.schema
    .createTable('schedule_slots')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_by', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('run_id', 'text')
    .addPrimaryKeyConstraint('schedule_slots_pk', ['job', 'slot'])
    .execute();

  // Why the run's result could not be shown in Slack (the artifact itself is stored).
  await db.schema.alterTable('runs').addColumn('delivery_error', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').dropColumn('delivery_error').execute();
  await db.schema.dropTable('schedule_slots').execute();
  await db.schema.dropTable('instances').execute();
}
