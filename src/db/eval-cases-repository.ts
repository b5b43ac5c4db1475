import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What `coworker eval` replays for `agent`: its newest approved artifacts (at most `limit`; an
 * edited one holds its edited content), each with its run's input, model and cost.
 */
export async function evalCases(db: Db, agent: string, limit: number) {
  return db
    .selectFrom('artifacts')
    .innerJoin('runs', 'runs.id', 'artifacts.run_id')
    .select([
      'artifacts.id',
      'artifacts.run_id',
      'artifacts.content',
      'artifacts.options',
      'artifacts.edited',
      'runs.input',
      'runs.model',
      'runs.cost_usd',
    ])
    .where('artifacts.agent', '=', agent)
    .where('artifacts.status', '=', 'approved')
    .orderBy('artifacts.decided_at', 'desc')
    .orderBy('artifacts.id')
    .limit(limit)
    .execute();
}
