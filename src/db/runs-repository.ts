import { type ExpressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { TokenUsage } from '../config/models.js';
import { activeCorrectionsQuery } from './corrections-repository.js';
import type { CorrectionRow, Database, NewRun, Run, RunStatus } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Records a run before any work starts, so a crash or restart can always find it. */
export async function insertRun(db: Db, run: NewRun): Promise<Run> {
  return db.insertInto('runs').values(run).returningAll().executeTakeFirstOrThrow();
}

/** The Slack delivery a run came from, remembered so that a redelivery records nothing. */
export type DeliveryId = { kind: 'command'; triggerId: string } | { kind: 'event'; eventId: string };

/**
 * Records a run and remembers the delivery that started it in one statement (atomic, one round
 * trip before the ack): both, or, for a delivery seen before, neither.
 * @returns undefined when the delivery was seen before
 */
export async function insertRunOfDelivery(db: Db, run: NewRun, delivery: DeliveryId): Promise<Run | undefined> {
  // Only the values a new run has (text; the rest keep their defaults), each cast: a parameter
  // in a SELECT list has no type of its own.
  const values = Object.entries(run).filter((entry): entry is [keyof NewRun & string, string] => {
    if (entry[1] === null || entry[1] === undefined) return false;
    if (typeof entry[1] !== 'string') throw new Error(`insertRunOfDelivery: ${entry[0]} is not text`);
    return true;
  });
  const seen =
    delivery.kind === 'command'
      ? db.with('seen', (qb) =>
          qb
            .insertInto('slack_commands')
            .values({ trigger_id: delivery.triggerId })
            .onConflict((oc) => oc.column('trigger_id').doNothing())
            .returning('trigger_id as key'),
        )
      : db.with('seen', (qb) =>
          qb
            .insertInto('slack_events')
            .values({ event_id: delivery.eventId })
            .onConflict((oc) => oc.column('event_id').doNothing())
            .returning('event_id as key'),
        );
  return seen
    .insertInto('runs')
    .columns(values.map(([column]) => column))
    .expression((eb) =>
      eb
        .selectFrom('seen')
        .select(values.map(([column, value]) => eb.cast<string>(eb.val(value), castOf(column)).as(column))),
    )
    .returningAll()
    .executeTakeFirst();
}

/** The jsonb columns of a run (written as JSON text, like every jsonb column here). */
const JSONB_RUN_COLUMNS: ReadonlySet<string> = new Set<keyof NewRun>(['attachments']);

/** What a parameter is cast to in insertRunOfDelivery's SELECT list: text, or jsonb for a jsonb column. */
function castOf(column: string): 'text' | 'jsonb' {
  return JSONB_RUN_COLUMNS.has(column) ? 'jsonb' : 'text';
}

/**
 * Records a run that may exist once per `key` (the retry of a failed run, the revision of a
 * version); `key` is a unique column. @returns undefined when such a run was recorded already.
 */
export async function insertRunOnce(db: Db, run: NewRun, key: 'retry_of' | 'revision_of'): Promise<Run | undefined> {
  return db
    .insertInto('runs')
    .values(run)
    .onConflict((oc) => oc.column(key).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function getRun(db: Db, id: string): Promise<Run | undefined> {
  return db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The run that produced an artifact, found by the artifact's id (so it can be read alongside it). */
export async function getRunOfArtifact(db: Db, artifactId: string): Promise<Run | undefined> {
  return db
    .selectFrom('runs')
    .selectAll()
    .where('id', '=', (eb) => eb.selectFrom('artifacts').select('run_id').where('artifacts.id', '=', artifactId))
    .executeTakeFirst();
}

export interface RunClaim {
  id: string;
  instanceId: string;
  model: string;
  /** Where its progress is shown, when that was posted just before: stored with the claim. */
  statusTs: string | null;
}

/**
 * queued -> running, only if the run is still queued: of processes that try at once, one claims
 * it. In the same statement, reads the agent's active corrections (`activeCorrections`: newest
 * first, at most `limit`): the two a run needs before its model call, in one round trip.
 * @returns whether this call claimed the run, and the corrections (read either way)
 */
export async function claimRunReadingCorrections(
  db: Db,
  claim: RunClaim,
  corrections: { agent: string; limit: number },
): Promise<{ claimed: boolean; corrections: CorrectionRow[] }> {
  const rows = await db
    .with('claimed', (q) => claimQuery(q, claim).returning('id'))
    .with('claim', (q) => q.selectFrom('claimed').select(sql<number>`count(*)::int`.as('claimed')))
    // One row even without corrections: the claim's, with the corrections' columns null.
    .selectFrom('claim')
    .leftJoinLateral(
      () => activeCorrectionsQuery(db, corrections.agent, corrections.limit).as('c'),
      (join) => join.onTrue(),
    )
    .select('claim.claimed')
    .selectAll('c')
    .execute();
  return {
    claimed: (rows[0]?.claimed ?? 0) > 0,
    corrections: rows.flatMap(({ claimed: _, ...row }) => (row.id === null ? [] : [row as CorrectionRow])),
  };
}

function claimQuery(db: Pick<Db, 'updateTable'>, claim: RunClaim) {
  return db
    .updateTable('runs')
    .set({
      status: 'running',
      instance_id: claim.instanceId,
      model: claim.model,
      started_at: new Date(),
      ...(claim.statusTs !== null ? { status_ts: claim.statusTs } : {}),
    })
    .where('id', '=', claim.id)
    .where('status', '=', 'queued');
}

export async function setRunStatusMessage(db: Db, id: string, statusTs: string): Promise<void> {
  await db.updateTable('runs').set({ status_ts: statusTs }).where('id', '=', id).execute();
}

/** Slack refused to show the run's result; the artifact is stored, this says why it is not visible. */
export async function setRunDeliveryError(db: Db, id: string, error: string): Promise<void> {
  await db.updateTable('runs').set({ delivery_error: error }).where('id', '=', id).execute();
}

/** Model calls' usage and cost, to add to a run's totals. */
export interface UsageIncrement {
  calls: number;
  usage: TokenUsage;
  /** Null when the model's price is not configured: the run's cost is left as it is. */
  costUsd: number | null;
}

/** Adds model calls' usage and cost to the run's totals (atomic increments). */
export async function addRunUsage(db: Db, id: string, increment: UsageIncrement): Promise<void> {
  await db
    .updateTable('runs')
    .set((eb) => usageColumns(eb, increment))
    .where('id', '=', id)
    .execute();
}

/** The runs columns `increment` adds to, as increments: for `addRunUsage`, and for a statement that ends the run with it. */
export function usageColumns(eb: ExpressionBuilder<Database, 'runs'>, increment: UsageIncrement) {
  const { usage, costUsd } = increment;
  return {
    model_calls: eb('model_calls', '+', increment.calls),
    input_tokens: eb('input_tokens', '+', usage.input_tokens),
    output_tokens: eb('output_tokens', '+', usage.output_tokens),
    cache_creation_input_tokens: eb('cache_creation_input_tokens', '+', usage.cache_creation_input_tokens),
    cache_read_input_tokens: eb('cache_read_input_tokens', '+', usage.cache_read_input_tokens),
    cost_usd: costUsd === null ? eb.ref('cost_usd') : eb(eb.fn.coalesce('cost_usd', eb.val(0)), '+', costUsd),
  };
}

export interface RunOutcome {
  status: Extract<RunStatus, 'succeeded' | 'failed' | 'interrupted'>;
  errorCode?: string;
  errorMessage?: string;
  /** Where the run's message is, stored with the outcome (a run can end before its claim stored it). */
  statusTs?: string | null;
}

/**
 * Ends an unfinished run. Conditional on it still being unfinished, so a late finisher can not
 * overwrite an "interrupted" verdict reached by another process. @returns whether it changed.
 */
export async function finishRun(db: Db, id: string, outcome: RunOutcome): Promise<boolean> {
  const result = await db
    .updateTable('runs')
    .set({
      status: outcome.status,
      error_code: outcome.errorCode ?? null,
      error_message: outcome.errorMessage ?? null,
      finished_at: new Date(),
      ...(outcome.statusTs ? { status_ts: outcome.statusTs } : {}),
    })
    .where('id', '=', id)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The unfinished runs owned by `instanceId` recorded more than `olderThanMs` ago (database
 * clock). Candidates only: the owner knows which of them it is still working on.
 */
export async function unfinishedRunsOf(db: Db, instanceId: string, olderThanMs: number): Promise<Run[]> {
  return db
    .selectFrom('runs')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .where('status', 'in', ['queued', 'running'])
    .where('created_at', '<', sql<Date>`now() - ${olderThanMs} * interval '1 millisecond'`)
    .execute();
}

/** Runs queued or running: all of them, or those owned by `instanceId`. */
export async function unfinishedRuns(db: Db, instanceId?: string): Promise<Run[]> {
  let query = db.selectFrom('runs').selectAll().where('status', 'in', ['queued', 'running']);
  if (instanceId !== undefined) query = query.where('instance_id', '=', instanceId);
  return query.execute();
}
