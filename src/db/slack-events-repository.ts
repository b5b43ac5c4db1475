import { type Kysely, sql, type Transaction } from 'kysely';
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

/**
 * Remembers a slash command's `trigger_id` (unique per invocation). @returns true the first
 * time, false when the same signed command is delivered again.
 */
export async function markCommandSeen(db: Db, triggerId: string): Promise<boolean> {
  const result = await db
    .insertInto('slack_commands')
    .values({ trigger_id: triggerId })
    .onConflict((oc) => oc.column('trigger_id').doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/**
 * Forgets event ids and command trigger ids older than `olderThanMs`: Slack stops retrying a
 * delivery within minutes, and a signed request older than 5 minutes is refused anyway.
 */
export async function forgetOldEvents(db: Db, olderThanMs: number): Promise<number> {
  const cutoff = sql<Date>`now() - ${olderThanMs} * interval '1 millisecond'`;
  const events = await db.deleteFrom('slack_events').where('received_at', '<', cutoff).executeTakeFirst();
  const commands = await db.deleteFrom('slack_commands').where('received_at', '<', cutoff).executeTakeFirst();
  return Number(events.numDeletedRows) + Number(commands.numDeletedRows);
}
