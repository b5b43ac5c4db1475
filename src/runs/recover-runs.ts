import { CoworkerError } from '../errors.js';
import { reportRunFailure, type RunServices } from './execute-run.js';

/**
 * Marks unfinished runs as interrupted and reports each where it ran, with Retry. Without
 * `instanceId`: every unfinished run (the embedded database has one process, so at start-up
 * nothing unfinished can still be alive); with it: the runs owned by that instance.
 */
export async function recoverUnfinishedRuns(services: RunServices, reason: string, instanceId?: string): Promise<number> {
  let query = services.db.selectFrom('runs').selectAll().where('status', 'in', ['queued', 'running']);
  if (instanceId !== undefined) query = query.where('instance_id', '=', instanceId);
  const runs = await query.execute();
  for (const run of runs) {
    await reportRunFailure(services, run, new CoworkerError('run_interrupted', 'system', reason), 'interrupted');
  }
  return runs.length;
}
