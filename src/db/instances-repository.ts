import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, Run } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Says "this instance is alive" (database clock, so replicas' clocks need not agree). */
export async function heartbeat(db: Db, instanceId: string): Promise<void> {
  await db
    .insertInto('instances')
    .values({ id: instanceId, heartbeat_at: sql<Date>`now()` })
    .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: sql<Date>`now()`, stopped_at: null }))
    .execute();
}

export async function markInstanceStopped(db: Db, instanceId: string): Promise<void> {
  await db.updateTable('instances').set({ stopped_at: sql<Date>`now()` }).where('id', '=', instanceId).execute();
}

/**
 * Unfinished runs whose owner has been silent for `silentMs` (or never heartbeat and the run is
 * that old): their process died. The asking instance is left out: it is alive, whatever its
 * heartbeat says after a database outage. Candidates only; `finishRun` decides who reports each.
 */
export async function runsOfSilentInstances(db: Db, silentMs: number, askingInstanceId: string): Promise<Run[]> {
  const cutoff = sql<Date>`now() - ${silentMs} * interval '1 millisecond'`;
  return db
    .selectFrom('runs')
    .leftJoin('instances', 'instances.id', 'runs.instance_id')
    .selectAll('runs')
    .where('runs.status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('runs.instance_id', 'is', null), eb('runs.instance_id', '!=', askingInstanceId)]))
    .where((eb) => eb(eb.fn.coalesce('instances.heartbeat_at', 'runs.created_at'), '<', cutoff))
    .execute();
}
