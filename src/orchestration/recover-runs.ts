import type { BackgroundWork } from '../background-work.js';
import { runsOfSilentInstances } from '../db/instances-repository.js';
import { unfinishedRuns, unfinishedRunsOf } from '../db/runs-repository.js';
import type { Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { type RunServices, reportRunFailure } from './execute-run.js';

/**
 * Marks unfinished runs as interrupted and reports each where it ran, with Retry. Without
 * `instanceId`: every unfinished run (the embedded database has one process, so at start-up
 * nothing unfinished can still be alive); with it: the runs owned by that instance.
 */
export async function recoverUnfinishedRuns(
  services: RunServices,
  reason: string,
  instanceId?: string,
): Promise<number> {
  return reportInterrupted(services, await unfinishedRuns(services.db, instanceId), reason);
}

/**
 * Reports the unfinished runs of instances silent for `silentMs` (their process died), from
 * whichever replica sweeps first: `finishRun`'s conditional update lets one reporter win.
 */
export async function recoverRunsOfDeadInstances(services: RunServices, silentMs: number): Promise<number> {
  const runs = await runsOfSilentInstances(services.db, silentMs, services.instanceId);
  return reportInterrupted(
    services,
    runs,
    'the Coworker process running it stopped (crashed or was killed) before it finished. Press Retry to run it again.',
  );
}

/**
 * Reports this instance's own unfinished runs that it is no longer working on: their end could
 * not be recorded (the database was down longer than `databaseWaitMs`), so they would stay
 * "running" under a live instance forever and their Retry would be refused. `graceMs` covers the
 * moment between recording a run and starting it.
 */
export async function recoverOrphanedRuns(
  services: RunServices & { work: BackgroundWork },
  graceMs: number,
): Promise<number> {
  const runs = (await unfinishedRunsOf(services.db, services.instanceId, graceMs)).filter(
    (run) => !services.work.isRunning(run.id),
  );
  return reportInterrupted(
    services,
    runs,
    'Coworker could not record how this run ended while its database was unavailable. Press Retry to run it again.',
  );
}

async function reportInterrupted(services: RunServices, runs: Run[], reason: string): Promise<number> {
  for (const run of runs) {
    await reportRunFailure(services, run, new CoworkerError('run_interrupted', reason), 'interrupted');
  }
  return runs.length;
}
