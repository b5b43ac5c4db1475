import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { ApplyStepRow, Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Claims one apply step of an approved artifact. Only the first claimer gets a row back:
 * a step runs at most once across clicks, retries and replicas.
 */
export async function claimApplyStep(db: Db, s: { artifactId: string; step: number; kind: string; claimedBy: string }): Promise<ApplyStepRow | undefined> {
  return db
    .insertInto('apply_steps')
    .values({
      artifact_id: s.artifactId,
      step: s.step,
      kind: s.kind,
      status: 'claimed',
      delivery_id: randomUUID(),
      claimed_by: s.claimedBy,
    })
    .onConflict((oc) => oc.columns(['artifact_id', 'step']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function finishApplyStep(
  db: Db,
  s: { artifactId: string; step: number; ok: boolean; attempts: number; error?: string; result?: unknown },
): Promise<void> {
  await db
    .updateTable('apply_steps')
    .set({
      status: s.ok ? 'done' : 'failed',
      attempts: s.attempts,
      finished_at: new Date(),
      error: s.error ?? null,
      result: s.result === undefined ? null : JSON.stringify(s.result),
    })
    .where('artifact_id', '=', s.artifactId)
    .where('step', '=', s.step)
    .execute();
}

export async function listApplySteps(db: Db, artifactId: string): Promise<ApplyStepRow[]> {
  return db.selectFrom('apply_steps').selectAll().where('artifact_id', '=', artifactId).orderBy('step').execute();
}
