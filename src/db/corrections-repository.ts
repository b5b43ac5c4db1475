import { type Kysely, type QueryCreator, sql, type Transaction } from 'kysely';
import type { CorrectionKind, CorrectionRow, Database, NewCorrection, Settlement } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Stores a correction as written, before any extraction (so it is never lost).
 * @returns undefined when this Slack message was already recorded (a redelivery)
 */
export async function insertCorrection(db: Db, correction: NewCorrection): Promise<CorrectionRow | undefined> {
  return db
    .insertInto('corrections')
    .values(correction)
    .onConflict((oc) => oc.columns(['channel_id', 'message_ts']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function getCorrection(db: Db, id: string): Promise<CorrectionRow | undefined> {
  return db.selectFrom('corrections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function saveExtraction(
  db: Db,
  id: string,
  e: { target: string | null; kind: CorrectionKind; instruction: string; extraction: 'done' | 'failed' },
): Promise<CorrectionRow | undefined> {
  return db.updateTable('corrections').set(e).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * Pending extraction -> disputed: the extraction found that the correction contradicts a fact
 * (id and version), so no run gets it until the fact's owner settles it.
 * @returns the disputed row, or undefined when its extraction was not pending any more
 */
export async function saveDisputedExtraction(
  db: Db,
  id: string,
  e: {
    target: string | null;
    kind: CorrectionKind;
    instruction: string;
    fact: string;
    version: number;
    reason: string;
  },
): Promise<CorrectionRow | undefined> {
  return db
    .updateTable('corrections')
    .set({
      target: e.target,
      kind: e.kind,
      instruction: e.instruction,
      extraction: 'done',
      status: 'disputed',
      disputed_fact: e.fact,
      disputed_version: e.version,
      dispute_reason: e.reason,
    })
    .where('id', '=', id)
    .where('extraction', '=', 'pending')
    .where('status', '=', 'active')
    .returningAll()
    .executeTakeFirst();
}

/**
 * disputed -> settled, once: `keep_fact` retires the correction (by the owner), the others make
 * it active. Records who settled it, when and how.
 * @returns the settled row, or undefined when it was not disputed any more (settled or retired already)
 */
export async function settleDisputedCorrection(
  db: Db,
  id: string,
  s: { settlement: Settlement; by: string; at: Date },
): Promise<CorrectionRow | undefined> {
  const retired = s.settlement === 'keep_fact';
  return db
    .updateTable('corrections')
    .set({
      status: retired ? 'retired' : 'active',
      settlement: s.settlement,
      settled_by: s.by,
      settled_at: s.at,
      ...(retired ? { retired_by: s.by, retired_at: s.at } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', 'disputed')
    .returningAll()
    .executeTakeFirst();
}

export async function setCorrectionAck(db: Db, id: string, ackTs: string): Promise<void> {
  await db.updateTable('corrections').set({ ack_ts: ackTs }).where('id', '=', id).execute();
}

/** The agent's active corrections, newest first: what its next run is given. */
export async function activeCorrections(db: Db, agent: string, limit: number): Promise<CorrectionRow[]> {
  if (limit <= 0) return [];
  return activeCorrectionsQuery(db, agent, limit).execute();
}

/** `activeCorrections`' query, to read in another statement (the claim of a run: `claimRunReadingCorrections`). */
export function activeCorrectionsQuery(db: Pick<QueryCreator<Database>, 'selectFrom'>, agent: string, limit: number) {
  return db
    .selectFrom('corrections')
    .selectAll()
    .where('agent', '=', agent)
    .where('status', '=', 'active')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.max(0, limit));
}

/** Records that a run was given these corrections (each correction counts the runs it shaped). */
export async function recordCorrectionUses(db: Db, runId: string, correctionIds: readonly string[]): Promise<void> {
  if (correctionIds.length === 0) return;
  await db
    .insertInto('run_corrections')
    .values(correctionIds.map((id) => ({ run_id: runId, correction_id: id })))
    .onConflict((oc) => oc.columns(['run_id', 'correction_id']).doNothing())
    .execute();
}

export type CorrectionWithUses = CorrectionRow & { times_used: number };

/** Active and disputed corrections of an agent with how many runs each was given, newest first. */
export async function listActiveCorrections(db: Db, agent: string, limit = 50): Promise<CorrectionWithUses[]> {
  return db
    .selectFrom('corrections')
    .selectAll('corrections')
    .select((eb) =>
      eb
        .selectFrom('run_corrections')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('run_corrections.correction_id', '=', 'corrections.id')
        .as('times_used'),
    )
    .where('agent', '=', agent)
    .where('status', 'in', ['active', 'disputed'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .$narrowType<{ times_used: number }>()
    .execute();
}

/**
 * active or disputed -> retired (retiring a disputed correction closes its dispute unsettled).
 * @returns the retired row, or undefined when it was retired already
 */
export async function retireCorrection(db: Db, id: string, by: string): Promise<CorrectionRow | undefined> {
  return db
    .updateTable('corrections')
    .set({ status: 'retired', retired_by: by, retired_at: new Date() })
    .where('id', '=', id)
    .where('status', 'in', ['active', 'disputed'])
    .returningAll()
    .executeTakeFirst();
}

/** Corrections waiting for a fact's owner, counted by the fact they contradict. */
export async function openDisputeCounts(db: Db, factIds: readonly string[]): Promise<Map<string, number>> {
  if (factIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('corrections')
    .select(['disputed_fact', ({ fn }) => fn.countAll<string | number>().as('n')])
    .where('status', '=', 'disputed')
    .where('disputed_fact', 'in', factIds)
    .groupBy('disputed_fact')
    .execute();
  return new Map(rows.map((r) => [r.disputed_fact ?? '', Number(r.n)]));
}
