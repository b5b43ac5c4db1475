import { type Kysely, type QueryCreator, sql, type Transaction } from 'kysely';
import { decisionRow } from './decisions-repository.js';
import { isUniqueViolation } from './postgres-errors.js';
import { type NewRunContext, runContextValues } from './run-contexts-repository.js';
import { type UsageIncrement, usageColumns } from './runs-repository.js';
import type { ArtifactRow, Database, DecisionKind, NewArtifact, ReviewStatus } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What a run's artifact is stored with, in the statement that inserts it: the run's context (once
 * per run), and the end of the run itself.
 */
export interface ArtifactStorage {
  context?: NewRunContext;
  /**
   * Ends the artifact's run as succeeded (`finishRun`'s conditional update, in the same
   * statement). When the run is no longer unfinished (another process reported it interrupted
   * and put Retry in its message), the artifact is stored `superseded` instead, decided now,
   * pointing at no message: nothing shows it or re-renders it over that message.
   */
  endsRun?: {
    /** Where its review will be, known before it is shown (the run's message): stored only with a pending artifact. */
    review?: { messageTs: string; threadTs: string };
    /** Model calls' usage added to the run's totals as it ends (not when another process had ended it). */
    usage?: UsageIncrement;
  };
}

/**
 * Inserts an artifact with what `storage` asks for, in one statement.
 * @returns the row; with `endsRun`, its status says whether this statement ended the run
 *   (`superseded`: it did not)
 */
export async function insertArtifact(
  db: Db,
  artifact: NewArtifact,
  storage: ArtifactStorage = {},
): Promise<ArtifactRow> {
  const { context, endsRun } = storage;
  // The CTEs' own columns are never selected (`finished` is read in raw SQL), so the builder
  // keeps the plain schema's type.
  let query: QueryCreator<Database> = db;
  if (endsRun !== undefined)
    query = query.with('finished', (q) =>
      q
        .updateTable('runs')
        .set((eb) => ({
          status: 'succeeded',
          finished_at: new Date(),
          ...(endsRun.usage === undefined ? {} : usageColumns(eb, endsRun.usage)),
        }))
        .where('id', '=', artifact.run_id)
        .where('status', 'in', ['queued', 'running'])
        .returning('id'),
    );
  if (context !== undefined)
    query = query.with('context', (q) =>
      q
        .insertInto('run_contexts')
        .values(runContextValues(artifact.run_id, context))
        .onConflict((oc) => oc.column('run_id').doNothing()),
    );
  return query
    .insertInto('artifacts')
    .values(endsRun === undefined ? artifact : endingValues(artifact, endsRun.review))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The columns that depend on whether the statement ended the run, as expressions over the
 * `finished` CTE; inside VALUES, so every other parameter still takes its type from its column
 * (a parameter alone in a CASE is text: the timestamp is cast).
 */
function endingValues(artifact: NewArtifact, review: { messageTs: string; threadTs: string } | undefined) {
  const ended = sql`exists (select 1 from finished)`;
  const decidedAt = artifact.decided_at ?? null;
  return {
    ...artifact,
    status: sql<ReviewStatus>`case when ${ended} then ${artifact.status} else ${'superseded'} end`,
    decided_at: sql<Date>`case when ${ended} then cast(${decidedAt} as timestamptz) else cast(${new Date()} as timestamptz) end`,
    ...(review === undefined
      ? {}
      : {
          message_ts: sql<string>`case when ${ended} then ${review.messageTs} else ${artifact.message_ts ?? null} end`,
          thread_ts: sql<string>`case when ${ended} then ${review.threadTs} else ${artifact.thread_ts ?? null} end`,
        }),
  };
}

export async function getArtifact(db: Db, id: string): Promise<ArtifactRow | undefined> {
  return db.selectFrom('artifacts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Where the review message lives, once posted. */
export async function setArtifactMessage(
  db: Db,
  id: string,
  message: { channelId: string; ts: string; threadTs: string | null },
): Promise<void> {
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
  return transitionQuery(db, t).executeTakeFirst();
}

/**
 * Records one person's decision and makes the transition it decides, in one statement (atomic,
 * one round trip): the decision is recorded whether or not the transition still applies, as
 * `recordDecision` then `transitionArtifact` would. @returns the updated row, or undefined as
 * `transitionArtifact` does.
 */
export async function decideArtifact(
  db: Db,
  decision: { userId: string; kind: DecisionKind; content?: unknown },
  t: Transition,
): Promise<ArtifactRow | undefined> {
  return transitionQuery(
    db.with('decision', (qb) =>
      qb
        .insertInto('decisions')
        .values(decisionRow({ artifactId: t.id, ...decision }))
        .onConflict((oc) => oc.columns(['artifact_id', 'user_id', 'kind']).doNothing())
        .returning('id'),
    ),
    t,
  ).executeTakeFirst();
}

function transitionQuery(db: Pick<Db, 'updateTable'>, t: Transition) {
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
    .returningAll();
}

/**
 * The newest artifact version whose review thread is `threadTs` in `channel` (the thread's root
 * is the review message, or for message triggers the triggering message).
 */
export async function newestInThread(db: Db, channelId: string, threadTs: string): Promise<ArtifactRow | undefined> {
  return db
    .selectFrom('artifacts')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('thread_ts', '=', threadTs)
    .orderBy('created_at', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The newest version of a lineage. */
export async function newestInLineage(db: Db, lineageId: string): Promise<ArtifactRow | undefined> {
  return db
    .selectFrom('artifacts')
    .selectAll()
    .where('lineage_id', '=', lineageId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Stores a new version and marks the older pending versions of its lineage superseded, in one
 * transaction: from then on their buttons are refused. Returns undefined, changing nothing,
 * when the version cannot stand: `mustSupersede` was no longer pending, `revises` was approved
 * meanwhile (a revision of approved work would be applied twice), or a concurrent writer
 * stored this version number first. With `endsRun` (see `ArtifactStorage`), the run is ended
 * within it; a version whose run had been ended elsewhere is stored superseded and supersedes
 * nothing: the versions before it stand (not with `mustSupersede`).
 * @returns the new row and the ids superseded
 */
export async function insertVersion(
  db: Kysely<Database>,
  artifact: NewArtifact,
  options: { mustSupersede?: string; revises?: string } & ArtifactStorage = {},
): Promise<{ artifact: ArtifactRow; superseded: string[] } | undefined> {
  const storage = { context: options.context, endsRun: options.endsRun };
  // A first version revises and supersedes nothing: one insert, no transaction around it.
  if (artifact.version <= 1 && options.revises === undefined && options.mustSupersede === undefined)
    return { artifact: await insertArtifact(db, artifact, storage), superseded: [] };
  try {
    return await db.transaction().execute(async (trx) => {
      if (options.revises !== undefined) {
        const revised = await trx
          .selectFrom('artifacts')
          .select('status')
          .where('id', '=', options.revises)
          .forUpdate()
          .executeTakeFirst();
        if (revised?.status === 'approved') throw new NotSuperseded();
      }
      const inserted = await insertArtifact(trx, artifact, storage);
      // Stored superseded: its run had been reported interrupted, so it replaces nothing.
      const stands = options.endsRun === undefined || inserted.status !== 'superseded';
      if (artifact.version <= 1 || !stands) return { artifact: inserted, superseded: [] };
      const rows = await trx
        .updateTable('artifacts')
        .set({ status: 'superseded', decided_at: new Date() })
        .where('lineage_id', '=', artifact.lineage_id)
        .where('version', '<', artifact.version)
        .where('status', '=', 'pending')
        .returning('id')
        .execute();
      const superseded = rows.map((r) => r.id);
      if (options.mustSupersede !== undefined && !superseded.includes(options.mustSupersede)) throw new NotSuperseded();
      return { artifact: inserted, superseded };
    });
  } catch (err) {
    // A concurrent writer stored this version first: the one to supersede is gone either way.
    if (
      err instanceof NotSuperseded ||
      ((options.mustSupersede !== undefined || options.revises !== undefined) && isUniqueViolation(err))
    )
      return undefined;
    throw err;
  }
}

/** Rolls the version's transaction back: the version it had to replace was no longer pending. */
class NotSuperseded extends Error {}

/** Records what the Slack message now shows. */
export async function markShown(db: Db, id: string, status: ReviewStatus): Promise<void> {
  await db.updateTable('artifacts').set({ shown_status: status }).where('id', '=', id).execute();
}

export async function markApplied(db: Db, id: string): Promise<void> {
  await db
    .updateTable('artifacts')
    .set({ applied_at: new Date() })
    .where('id', '=', id)
    .where('applied_at', 'is', null)
    .execute();
}

/**
 * Work a crash or a Slack failure left half done, older than `graceMs` (so the process doing it
 * now is not raced): approved artifacts not fully applied (none of whose steps is still claimed),
 * and decided messages still showing another state.
 */
export async function unfinishedFollowUps(
  db: Db,
  graceMs: number,
  limit = 50,
): Promise<{ unapplied: ArtifactRow[]; unshown: ArtifactRow[] }> {
  const cutoff = new Date(Date.now() - graceMs);
  const unapplied = await db
    .selectFrom('artifacts')
    .selectAll()
    .where('status', '=', 'approved')
    .where('applied_at', 'is', null)
    .where('decided_at', '<', cutoff)
    // A step still claimed is being applied, or waits to be reported as interrupted first.
    .where((eb) => {
      const claimed = eb
        .selectFrom('apply_steps')
        .select('step')
        .whereRef('apply_steps.artifact_id', '=', 'artifacts.id')
        .where('apply_steps.status', '=', 'claimed');
      return eb.not(eb.exists(claimed));
    })
    .limit(limit)
    .execute();
  const unshown = await db
    .selectFrom('artifacts')
    .selectAll()
    .where('status', '<>', 'pending')
    .where('message_ts', 'is not', null)
    .where((eb) => eb.or([eb('shown_status', 'is', null), eb('shown_status', '<>', eb.ref('status'))]))
    .where('decided_at', '<', cutoff)
    .limit(limit)
    .execute();
  return { unapplied, unshown };
}

/**
 * Moves every pending review past its deadline to `expired`. Conditional: each expired review is
 * returned to exactly one caller, however many replicas sweep at once.
 */
export async function expireOverdue(
  db: Db,
  now: Date,
): Promise<Array<Pick<ArtifactRow, 'id' | 'agent' | 'channel_id' | 'thread_ts' | 'message_ts'>>> {
  return db
    .updateTable('artifacts')
    .set({ status: 'expired', decided_at: now })
    .where('status', '=', 'pending')
    .where('expires_at', '<=', now)
    .returning(['id', 'agent', 'channel_id', 'thread_ts', 'message_ts'])
    .execute();
}

/**
 * The pending reviews, newest first and at most `limit`, whose runs were given this fact
 * version and whose message is in Slack: what a word on the fact changes the ⚠ of.
 */
export async function pendingReviewsUsingFact(
  db: Db,
  fact: { factId: string; version: number },
  limit: number,
): Promise<ArtifactRow[]> {
  return db
    .selectFrom('artifacts')
    .innerJoin('run_facts', 'run_facts.run_id', 'artifacts.run_id')
    .selectAll('artifacts')
    .where('run_facts.fact_id', '=', fact.factId)
    .where('run_facts.version', '=', fact.version)
    .where('artifacts.status', '=', 'pending')
    .where('artifacts.message_ts', 'is not', null)
    .orderBy('artifacts.created_at', 'desc')
    .limit(limit)
    .execute();
}
