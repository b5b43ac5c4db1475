import type { BackgroundWork } from '../background-work.js';
import type { Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { executeRun, type RunServices, reportRunFailure, type TellRequester } from './execute-run.js';

/**
 * Continues a recorded run in the background (call it after acknowledging Slack). While the
 * app drains for shutdown nothing new starts: the run is reported as interrupted, with Retry.
 */
export function continueRun(
  services: RunServices & { work: BackgroundWork },
  run: Run,
  tellRequester?: TellRequester,
): void {
  const started = services.work.start(() => executeRun(services, run, tellRequester), run.id);
  if (!started) {
    void reportRunFailure(
      services,
      run,
      new CoworkerError('run_interrupted', 'Coworker was shutting down when this run was asked for. Press Retry.'),
      'interrupted',
      tellRequester,
    );
  }
}
