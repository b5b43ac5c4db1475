import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** One period of one fact version: the version, and when it fell due (a Verify starts the next period). */
export interface FactNoticeKey {
  factId: string;
  version: number;
  dueAt: Date;
}

/** Who may take a notice over: this instance, after `retryAfterMs`, or any instance once its claimer is silent. */
export interface NoticeClaimant {
  instanceId: string;
  /** A notice this instance claimed and could not finish is tried again after this long. */
  retryAfterMs: number;
  /** A claimer that has not heartbeat for this long (or stopped) is dead: its unsent notices are taken over. */
  silentMs: number;
}

/** The `owner_cards.subject` of the cards of one notice: `verify:<fact>:<version>:<due ISO time>`. */
export function factNoticeSubject(key: FactNoticeKey): string {
  return `verify:${key.factId}:${key.version}:${key.dueAt.toISOString()}`;
}

/** The notice a subject names, or undefined for any other subject (never throws). */
export function parseFactNoticeSubject(subject: string): FactNoticeKey | undefined {
  const match = /^verify:([^:]+):(\d+):(\d{4}-\d\d-\d\dT[\d:.]+Z)$/.exec(subject);
  if (!match) return undefined;
  const dueAt = new Date(match[3] ?? '');
  const version = Number(match[2]);
  if (Number.isNaN(dueAt.getTime()) || !Number.isSafeInteger(version)) return undefined;
  return { factId: match[1] ?? '', version, dueAt };
}

/**
 * Claims the verification request of one period for `claimant`, so that one replica sends it:
 * the first claim inserts the row; a claimed notice not sent yet is taken over by its own
 * claimer after `retryAfterMs` (Slack failed, the owner's group was unknown) or by anyone once
 * its claimer is dead. Conditional, so of replicas claiming at once exactly one gets it.
 * @returns whether the caller holds the claim now (and should send)
 */
export async function claimFactNotice(db: Db, key: FactNoticeKey, claimant: NoticeClaimant): Promise<boolean> {
  const inserted = await db
    .insertInto('fact_notices')
    .values({ fact_id: key.factId, version: key.version, due_at: key.dueAt, claimed_by: claimant.instanceId })
    .onConflict((oc) => oc.columns(['fact_id', 'version', 'due_at']).doNothing())
    .returning('fact_id')
    .executeTakeFirst();
  if (inserted) return true;
  const retaken = await db
    .updateTable('fact_notices')
    .set({ claimed_by: claimant.instanceId, claimed_at: sql<Date>`now()` })
    .where('fact_id', '=', key.factId)
    .where('version', '=', key.version)
    .where('due_at', '=', key.dueAt)
    .where((eb) => retakeable(eb, claimant))
    .returning('fact_id')
    .executeTakeFirst();
  return retaken !== undefined;
}

/**
 * Of these notices, those nobody should send now: sent already, or claimed and not (yet) to be
 * taken over by `claimant`. A sweep skips them before claiming, so a few notices that keep
 * failing never hold back the others. @returns their subjects
 */
export async function heldFactNotices(
  db: Db,
  keys: readonly FactNoticeKey[],
  claimant: NoticeClaimant,
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('fact_notices')
    .select(['fact_id', 'version', 'due_at'])
    .where((eb) =>
      eb.or(
        keys.map((k) =>
          eb.and([eb('fact_id', '=', k.factId), eb('version', '=', k.version), eb('due_at', '=', k.dueAt)]),
        ),
      ),
    )
    .where((eb) => eb.not(retakeable(eb, claimant)))
    .execute();
  return new Set(rows.map((r) => factNoticeSubject({ factId: r.fact_id, version: r.version, dueAt: r.due_at })));
}

/** Records that every owner of the notice has its card. Once: the first time is kept. */
export async function markFactNoticeSent(db: Db, key: FactNoticeKey): Promise<void> {
  await db
    .updateTable('fact_notices')
    .set({ sent_at: sql<Date>`now()` })
    .where('fact_id', '=', key.factId)
    .where('version', '=', key.version)
    .where('due_at', '=', key.dueAt)
    .where('sent_at', 'is', null)
    .execute();
}

/** The notice row of one period, if it was claimed. */
export async function getFactNotice(
  db: Db,
  key: FactNoticeKey,
): Promise<{ claimedBy: string; sentAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('fact_notices')
    .select(['claimed_by', 'sent_at'])
    .where('fact_id', '=', key.factId)
    .where('version', '=', key.version)
    .where('due_at', '=', key.dueAt)
    .executeTakeFirst();
  return row ? { claimedBy: row.claimed_by, sentAt: row.sent_at } : undefined;
}

/** Not sent, and claimed by `claimant` long enough ago, or by an instance that is dead. */
function retakeable(eb: ExpressionBuilder<Database, 'fact_notices'>, claimant: NoticeClaimant): Expression<SqlBool> {
  const retryBefore = sql<Date>`now() - ${claimant.retryAfterMs} * interval '1 millisecond'`;
  const silentSince = sql<Date>`now() - ${claimant.silentMs} * interval '1 millisecond'`;
  return eb.and([
    eb('fact_notices.sent_at', 'is', null),
    eb.or([
      eb.and([
        eb('fact_notices.claimed_by', '=', claimant.instanceId),
        eb('fact_notices.claimed_at', '<', retryBefore),
      ]),
      eb.and([
        eb('fact_notices.claimed_by', '!=', claimant.instanceId),
        eb.not(
          eb.exists(
            eb
              .selectFrom('instances')
              .select('instances.id')
              .whereRef('instances.id', '=', 'fact_notices.claimed_by')
              .where('instances.stopped_at', 'is', null)
              .where('instances.heartbeat_at', '>=', silentSince),
          ),
        ),
      ]),
    ]),
  ]);
}
