import type { Kysely } from 'kysely';

/**
 * Files shared in Slack: a run records the files attached to the message that started it (as
 * references: a Retry, Re-run or Revise downloads them again), and an artifact which of them its
 * run read and which it skipped and why (its review message says so).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('runs').addColumn('attachments', 'jsonb').execute();
  await db.schema.alterTable('artifacts').addColumn('attachment_report', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artifacts').dropColumn('attachment_report').execute();
  await db.schema.alterTable('runs').dropColumn('attachments').execute();
}
