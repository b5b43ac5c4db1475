import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What `/coworker status` shows of one channel. */
export interface ChannelStatus {
  /** Runs queued or running, per agent. */
  running: Array<{ agent: string; n: number }>;
  /** Reviews waiting for a decision, per agent. */
  pending: Array<{ agent: string; n: number }>;
  /** The newest runs (at most 5) whose review Slack finally refused to show. */
  undelivered: Array<{ agent: string; delivery_error: string | null }>;
}

/** Counts of the channel's work in progress and reviews waiting, and its undelivered reviews. */
export async function channelStatus(db: Db, channelId: string): Promise<ChannelStatus> {
  const running = await db
    .selectFrom('runs')
    .select(['agent', sql<number>`count(*)::int`.as('n')])
    .where('channel_id', '=', channelId)
    .where('status', 'in', ['queued', 'running'])
    .groupBy('agent')
    .execute();
  const pending = await db
    .selectFrom('artifacts')
    .select(['agent', sql<number>`count(*)::int`.as('n')])
    .where('channel_id', '=', channelId)
    .where('status', '=', 'pending')
    .groupBy('agent')
    .execute();
  const undelivered = await db
    .selectFrom('runs')
    .select(['agent', 'delivery_error'])
    .where('channel_id', '=', channelId)
    .where('delivery_error', 'is not', null)
    .orderBy('created_at', 'desc')
    .limit(5)
    .execute();
  return { running, pending, undelivered };
}
