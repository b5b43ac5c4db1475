import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What `coworker eval` replays for `agent`: its newest approved artifacts with their runs'
 * input and cost, and its newest active edit corrections with theirs and the options of the
 * artifact edited (at most `limit` each).
 */
export async function evalCases(db: Db, agent: string, limit: number) {
  const approved = await db
    .selectFrom('artifacts')
    .innerJoin('runs', 'runs.id', 'artifacts.run_id')
    .select(['artifacts.id', 'artifacts.content', 'artifacts.options', 'runs.input', 'runs.cost_usd'])
    .where('artifacts.agent', '=', agent)
    .where('artifacts.status', '=', 'approved')
    .orderBy('artifacts.decided_at', 'desc')
    .limit(limit)
    .execute();
  const edits = await db
    .selectFrom('corrections')
    .innerJoin('runs', 'runs.id', 'corrections.run_id')
    .innerJoin('artifacts', 'artifacts.id', 'corrections.artifact_id')
    .select(['corrections.id', 'corrections.before', 'corrections.after', 'artifacts.options', 'runs.input'])
    .where('corrections.agent', '=', agent)
    .where('corrections.status', '=', 'active')
    .where('corrections.kind', '=', 'edit')
    .orderBy('corrections.created_at', 'desc')
    .limit(limit)
    .execute();
  return { approved, edits };
}
