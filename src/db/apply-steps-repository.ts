import { randomUUID } from 'node:crypto';
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { ApplyStepRow, Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Claims one apply step of an approved artifact. Only the first claimer gets a row back:
 * a step runs at most once across clicks, retries and replicas.
 */
export async function claimApplyStep(
  db: Db,
  s: { artifactId: string; step: number; kind: string; claimedBy: string; description?: string },
): Promise<ApplyStepRow | undefined> {
  return db
    .insertInto('apply_steps')
    .values({
      artifact_id: s.artifactId,
      step: s.step,
      kind: s.kind,
      status: 'claimed',
      delivery_id: randomUUID(),
      claimed_by: s.claimedBy,
      description: s.description ?? null,
    })
    .onConflict((oc) => oc.columns(['artifact_id', 'step']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Records the outcome of a claimed step. Only a step still `claimed` changes: one already
 * reported as interrupted (its owner was taken for dead) keeps that status, since the thread
 * already told people to check by hand. @returns whether the outcome was recorded
 */
export async function finishApplyStep(
  db: Db,
  s: { artifactId: string; step: number; ok: boolean; attempts: number; error?: string; result?: unknown },
): Promise<boolean> {
  const updated = await db
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
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

export async function getApplyStep(db: Db, artifactId: string, step: number): Promise<ApplyStepRow | undefined> {
  return db
    .selectFrom('apply_steps')
    .selectAll()
    .where('artifact_id', '=', artifactId)
    .where('step', '=', step)
    .executeTakeFirst();
}

export async function listApplySteps(db: Db, artifactId: string): Promise<ApplyStepRow[]> {
  return db.selectFrom('apply_steps').selectAll().where('artifact_id', '=', artifactId).orderBy('step').execute();
}

/**
 * Which instances are dead. `silentForMs`: those whose heartbeat is older than that (database
 * clock), or that never heartbeat and whose claim is that old. `instance`: that one (at
 * start-up, an earlier life of this instance id). `all`: every one (the embedded database has
 * one process, so at start-up nothing else can be alive).
 */
export type DeadOwners = { silentForMs: number } | { instance: string } | 'all';

/**
 * Moves the `claimed` steps of dead owners to `interrupted`, claiming their reports for
 * `reporter` in the same conditional update: of all replicas and sweeps, exactly one gets each
 * row back and reports it. The step is marked before it is reported, so a report is never
 * posted twice for one claim; a report not posted yet is found by `claimUnreportedSteps`.
 */
export async function interruptStepsOfDeadOwners(
  db: Db,
  reporter: string,
  owners: DeadOwners,
): Promise<ApplyStepRow[]> {
  return db
    .updateTable('apply_steps')
    .set({
      status: 'interrupted',
      finished_at: sql<Date>`now()`,
      report_claimed_by: reporter,
      report_claimed_at: sql<Date>`now()`,
    })
    .where('status', '=', 'claimed')
    .where((eb) => ownedByDead(eb, 'claimed_by', 'claimed_at', owners))
    .returningAll()
    .execute();
}

/**
 * Claims for `reporter` the reports of interrupted steps not posted yet: free ones (Slack
 * refused an earlier attempt) and ones whose reporter died before it could post. Conditional,
 * like `interruptStepsOfDeadOwners`: one claimer per report.
 */
export async function claimUnreportedSteps(db: Db, reporter: string, owners: DeadOwners): Promise<ApplyStepRow[]> {
  return db
    .updateTable('apply_steps')
    .set({ report_claimed_by: reporter, report_claimed_at: sql<Date>`now()` })
    .where('status', '=', 'interrupted')
    .where('reported_at', 'is', null)
    .where((eb) =>
      owners === 'all' || 'silentForMs' in owners
        ? eb.or([
            eb('report_claimed_by', 'is', null),
            ownedByDead(eb, 'report_claimed_by', 'report_claimed_at', owners),
          ])
        : eb('report_claimed_by', '=', owners.instance),
    )
    .returningAll()
    .execute();
}

/** The report of an interrupted step was posted: it is never claimed again. */
export async function markStepReported(
  db: Db,
  s: { artifactId: string; step: number; reporter: string },
): Promise<void> {
  await db
    .updateTable('apply_steps')
    .set({ reported_at: sql<Date>`now()` })
    .where('artifact_id', '=', s.artifactId)
    .where('step', '=', s.step)
    .where('report_claimed_by', '=', s.reporter)
    .where('reported_at', 'is', null)
    .execute();
}

/** Slack refused the report: free it for the next sweep, on whichever replica, to try again. */
export async function releaseStepReport(
  db: Db,
  s: { artifactId: string; step: number; reporter: string },
): Promise<void> {
  await db
    .updateTable('apply_steps')
    .set({ report_claimed_by: null })
    .where('artifact_id', '=', s.artifactId)
    .where('step', '=', s.step)
    .where('report_claimed_by', '=', s.reporter)
    .where('reported_at', 'is', null)
    .execute();
}

/**
 * The owner is dead when neither its heartbeat nor the claim itself is recent: `greatest`
 * (which skips nulls) keeps a fresh claim alive even if the instance id's last heartbeat is old
 * (an instance restarted under the same id claims before its first heartbeat).
 */
function ownedByDead(
  eb: ExpressionBuilder<Database, 'apply_steps'>,
  owner: 'claimed_by' | 'report_claimed_by',
  since: 'claimed_at' | 'report_claimed_at',
  owners: DeadOwners,
) {
  if (owners === 'all') return eb.lit(true);
  if ('instance' in owners) return eb(owner, '=', owners.instance);
  const heartbeat = eb
    .selectFrom('instances')
    .select('instances.heartbeat_at')
    .whereRef('instances.id', '=', `apply_steps.${owner}`);
  const lastSign = eb.fn<Date>('greatest', [heartbeat, eb.ref(`apply_steps.${since}`)]);
  return eb(lastSign, '<', sql<Date>`now() - ${owners.silentForMs} * interval '1 millisecond'`);
}
