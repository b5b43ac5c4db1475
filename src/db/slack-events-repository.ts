import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Remembers a Slack event id. @returns true the first time, false for a redelivery
 * (Slack retries deliveries it thinks failed; every replica sees the same table).
 */
export async function markEventSeen(db: Db, eventId: string): Promise<boolean> {
  const result = await db
    .insertInto('slack_events')
    .values({ event_id: eventId })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Forgets event ids older than `olderThanMs`: Slack stops retrying a delivery within minutes. */
export async function forgetOldEvents(db: Db, olderThanMs: number): Promise<number> {
  const result = await db
    .deleteFrom('slack_events')
    .where('received_at', '<', sql<Date>`now() - ${olderThanMs} * interval '1 millisecond'`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
