import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The scorecard's raw counts for `agents`, in three grouped queries (runs, artifacts,
 * corrections): one row per agent that has any, none for the others.
 */
export async function scorecardCounts(db: Db, agents: readonly string[]) {
  const runs = await db
    .selectFrom('runs')
    .select([
      'agent',
      sql<number>`count(*)::int`.as('runs'),
      sql<number>`count(*) filter (where status in ('failed', 'interrupted'))::int`.as('failures'),
      sql<number | null>`sum(cost_usd)`.as('cost'),
    ])
    .where('agent', 'in', agents)
    .groupBy('agent')
    .execute();
  const artifacts = await db
    .selectFrom('artifacts as a')
    .select([
      'a.agent',
      sql<number>`count(*) filter (where a.status = 'pending')::int`.as('pending'),
      sql<number>`count(*) filter (where a.status = 'approved')::int`.as('approved'),
      sql<number>`count(*) filter (where a.status in ('approved', 'rejected'))::int`.as('decided'),
      sql<number>`count(*) filter (where a.status = 'approved' and not a.edited and a.version = 1 and not exists (
        select 1 from corrections c join artifacts l on l.id = c.artifact_id where l.lineage_id = a.lineage_id))::int`.as(
        'zero_touch',
      ),
      sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from (a.decided_at - a.created_at)))
        filter (where a.status in ('approved', 'rejected'))`.as('median_seconds'),
    ])
    .where('a.agent', 'in', agents)
    .groupBy('a.agent')
    .execute();
  const corrections = await db
    .selectFrom('corrections')
    .select(['agent', sql<number>`count(*)::int`.as('n')])
    .where('agent', 'in', agents)
    .where('status', '=', 'active')
    .groupBy('agent')
    .execute();
  return { runs, artifacts, corrections };
}
