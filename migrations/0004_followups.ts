import type { Kysely } from 'kysely';

/**
 * What Slack last showed of a review, and when its approval was fully applied: the sweeps use
 * them to finish what a crash or a Slack failure left half done.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artifacts').addColumn('shown_status', 'text').execute();
  await db.schema.alterTable('artifacts').addColumn('applied_at', 'timestamptz').execute();
  await db.schema.createIndex('artifacts_unfinished').on('artifacts').columns(['status', 'applied_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('artifacts_unfinished').execute();
  await db.schema.alterTable('artifacts').dropColumn('applied_at').execute();
  await db.schema.alterTable('artifacts').dropColumn('shown_status').execute();
}
