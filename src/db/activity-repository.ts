import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What an agent did in a time window (runs by when they were recorded, decisions by when they were made). */
export interface ActivityCounts {
  runs: number;
  failures: number;
  /** Null when a run's cost is unknown (a model without a price). */
  costUsd: number | null;
  approved: number;
  rejected: number;
  /** Approved as first proposed: no edit, no correction, no revision. */
  zeroTouch: number;
  corrections: number;
}

/**
 * Per-agent activity in [from, to), in three grouped queries (runs, decisions, corrections);
 * agents with nothing in the window are absent.
 */
export async function activityByAgent(db: Db, from: Date, to: Date): Promise<Map<string, ActivityCounts>> {
  const [runs, decided, corrections] = await Promise.all([
    db
      .selectFrom('runs')
      .select([
        'agent',
        sql<number>`count(*)::int`.as('runs'),
        sql<number>`count(*) filter (where status in ('failed', 'interrupted'))::int`.as('failures'),
        sql<
          number | null
        >`case when count(*) filter (where cost_usd is null and model_calls > 0) > 0 then null else coalesce(sum(cost_usd), 0) end`.as(
          'cost',
        ),
      ])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('agent')
      .execute(),
    db
      .selectFrom('artifacts as a')
      .select([
        'a.agent',
        sql<number>`count(*) filter (where a.status = 'approved')::int`.as('approved'),
        sql<number>`count(*) filter (where a.status = 'rejected')::int`.as('rejected'),
        sql<number>`count(*) filter (where a.status = 'approved' and not a.edited and a.version = 1 and not exists (
          select 1 from corrections c join artifacts l on l.id = c.artifact_id where l.lineage_id = a.lineage_id))::int`.as(
          'zero_touch',
        ),
      ])
      .where('a.decided_at', '>=', from)
      .where('a.decided_at', '<', to)
      .groupBy('a.agent')
      .execute(),
    db
      .selectFrom('corrections')
      .select(['agent', sql<number>`count(*)::int`.as('n')])
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .groupBy('agent')
      .execute(),
  ]);
  const activity = new Map<string, ActivityCounts>();
  const entry = (agent: string) => {
    let counts = activity.get(agent);
    if (!counts) {
      counts = { runs: 0, failures: 0, costUsd: 0, approved: 0, rejected: 0, zeroTouch: 0, corrections: 0 };
      activity.set(agent, counts);
    }
    return counts;
  };
  for (const r of runs) {
    Object.assign(entry(r.agent), {
      runs: r.runs,
      failures: r.failures,
      costUsd: r.cost === null ? null : Number(r.cost),
    });
  }
  for (const d of decided)
    Object.assign(entry(d.agent), { approved: d.approved, rejected: d.rejected, zeroTouch: d.zero_touch });
  for (const c of corrections) entry(c.agent).corrections = c.n;
  return activity;
}

/**
 * Runs per agent per day for the `days` days ending with the day of `now` (UTC days), oldest
 * first: one grouped query. Agents without runs in the window are absent.
 */
export async function runsPerDay(db: Db, now: Date, days: number): Promise<Map<string, number[]>> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * 86_400_000);
  const rows = await db
    .selectFrom('runs')
    .select([
      'agent',
      sql<number>`floor(extract(epoch from (created_at - ${from})) / 86400)::int`.as('day'),
      sql<number>`count(*)::int`.as('n'),
    ])
    .where('created_at', '>=', from)
    .groupBy(['agent', sql`2`])
    .execute();
  const perDay = new Map<string, number[]>();
  for (const row of rows) {
    if (row.day < 0 || row.day >= days) continue;
    const counts = perDay.get(row.agent) ?? new Array<number>(days).fill(0);
    counts[row.day] = (counts[row.day] ?? 0) + row.n;
    perDay.set(row.agent, counts);
  }
  return perDay;
}
