import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, DecisionKind } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Records one person's decision on an artifact. The same person clicking twice counts once
 * (unique per artifact, user and kind). @returns false when it was already recorded.
 */
export async function recordDecision(
  db: Db,
  d: { artifactId: string; userId: string; kind: DecisionKind; content?: unknown },
): Promise<boolean> {
  const result = await db
    .insertInto('decisions')
    .values(decisionRow(d))
    .onConflict((oc) => oc.columns(['artifact_id', 'user_id', 'kind']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** The row of one person's decision on an artifact. */
export function decisionRow(d: { artifactId: string; userId: string; kind: DecisionKind; content?: unknown }) {
  return {
    id: randomUUID(),
    artifact_id: d.artifactId,
    user_id: d.userId,
    kind: d.kind,
    content: d.content === undefined ? null : JSON.stringify(d.content),
  };
}

/** Distinct people who approved the artifact, oldest first. */
export async function listApprovers(db: Db, artifactId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('decisions')
    .select('user_id')
    .where('artifact_id', '=', artifactId)
    .where('kind', '=', 'approve')
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.user_id);
}
