import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Where a card sent to one owner is, to update it later. */
export interface OwnerCard {
  userId: string;
  channelId: string;
  ts: string;
}

/** Records the card sent to `userId` about `subject` (again: the first is kept). */
export async function insertOwnerCard(db: Db, subject: string, card: OwnerCard): Promise<void> {
  await db
    .insertInto('owner_cards')
    .values({ subject, user_id: card.userId, channel_id: card.channelId, ts: card.ts })
    .onConflict((oc) => oc.columns(['subject', 'user_id']).doNothing())
    .execute();
}

/** Every card sent about `subject`, in the order they were sent. */
export async function ownerCardsOf(db: Db, subject: string): Promise<OwnerCard[]> {
  const rows = await db
    .selectFrom('owner_cards')
    .select(['user_id', 'channel_id', 'ts'])
    .where('subject', '=', subject)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, channelId: r.channel_id, ts: r.ts }));
}

/** The card at this message (a click's origin), with what it is about; undefined when it is not a card. */
export async function ownerCardAt(
  db: Db,
  channelId: string,
  ts: string,
): Promise<(OwnerCard & { subject: string }) | undefined> {
  const row = await db
    .selectFrom('owner_cards')
    .select(['subject', 'user_id', 'channel_id', 'ts'])
    .where('channel_id', '=', channelId)
    .where('ts', '=', ts)
    .executeTakeFirst();
  return row ? { subject: row.subject, userId: row.user_id, channelId: row.channel_id, ts: row.ts } : undefined;
}
