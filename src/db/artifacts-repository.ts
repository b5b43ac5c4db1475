import type { Kysely, Transaction } from 'kysely';
import type { ArtifactRow, Database, NewArtifact, ReviewStatus } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertArtifact(db: Db, artifact: NewArtifact): Promise<ArtifactRow> {
  return db.insertInto('artifacts').values(artifact).returningAll().executeTakeFirstOrThrow();
}

export async function getArtifact(db: Db, id: string): Promise<ArtifactRow | undefined> {
  return db.selectFrom('artifacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Where the review message lives, once posted. */
export async function setArtifactMessage(db: Db, id: string, message: { channelId: string; ts: string; threadTs: string | null }): Promise<void> {
  await db
    .updateTable('artifacts')
    .set({ channel_id: message.channelId, message_ts: message.ts, thread_ts: message.threadTs })
    .where('id', '=', id)
    .execute();
}

export interface Transition {
  id: string;
  version: number;
  to: Exclude<ReviewStatus, 'pending'>;
  by?: string;
  edited?: boolean;
  content?: unknown;
}

/**
 * pending -> a final status, only if the artifact is still pending at that version: the
 * database decides which of many concurrent clicks wins. @returns the updated row, or
 * undefined when another decision, an expiry or a revision got there first.
 */
export async function transitionArtifact(db: Db, t: Transition): Promise<ArtifactRow | undefined> {
  return db
    .updateTable('artifacts')
    .set({
      status: t.to,
      decided_by: t.by ?? null,
      decided_at: new Date(),
      ...(t.edited ? { edited: true } : {}),
      ...(t.content !== undefined ? { content: JSON.stringify(t.content) } : {}),
    })
    .where('id', '=', t.id)
    .where('version', '=', t.version)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}
