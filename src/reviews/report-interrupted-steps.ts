import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import {
  claimUnreportedSteps,
  type DeadOwners,
  interruptStepsOfDeadOwners,
  markStepReported,
  releaseStepReport,
} from '../db/apply-steps-repository.js';
import { getArtifact } from '../db/artifacts-repository.js';
import type { ApplyStepRow, Database } from '../db/schema.js';
import type { SlackPort } from '../slack-port.js';

export interface InterruptedStepDeps {
  db: Kysely<Database>;
  slack: SlackPort;
  logger: Logger;
  /** This process: it claims the reports it posts. */
  instanceId: string;
}

/**
 * Resolves apply steps cut off by a crash: the `claimed` steps of dead owners (see
 * `DeadOwners`) become `interrupted` and are reported in their review's thread (which step, its
 * delivery id, that it may or may not have arrived and was not retried). Never reruns a step.
 *
 * Exactly one report per step across replicas and sweeps: the conditional update that marks a
 * step also claims its report, so one caller posts it; `reported_at` is set once Slack took it.
 * A report Slack refused is released and tried again by the next sweep (any replica); one whose
 * reporter died before it was recorded is taken over once that reporter is dead too (a second
 * copy is then possible only if Slack took the first and the reporter died, or lost the
 * database, in the moment before recording it).
 * The start-up passes (`all`, `instance`) take over any unposted report, so they run before
 * this process's own sweeps start.
 * @returns how many reports it tried to post
 */
export async function reportInterruptedSteps(deps: InterruptedStepDeps, owners: DeadOwners): Promise<number> {
  // Reports still owed first: the steps marked below are claimed for us, and the start-up modes would match them again.
  const owed = await claimUnreportedSteps(deps.db, deps.instanceId, owners);
  const interrupted = await interruptStepsOfDeadOwners(deps.db, deps.instanceId, owners);
  for (const step of interrupted) {
    deps.logger.warn(`${stepName(step)} was cut off when ${step.claimed_by} stopped; reporting it, not rerunning it`);
  }
  for (const step of [...owed, ...interrupted]) await reportStep(deps, step);
  return owed.length + interrupted.length;
}

async function reportStep(deps: InterruptedStepDeps, step: ApplyStepRow): Promise<void> {
  const key = { artifactId: step.artifact_id, step: step.step, reporter: deps.instanceId };
  let posted = false;
  try {
    const artifact = await getArtifact(deps.db, step.artifact_id);
    if (artifact?.channel_id) {
      const threadTs = artifact.thread_ts ?? artifact.message_ts;
      await deps.slack.postMessage({ channel: artifact.channel_id, threadTs, text: interruptedStepText(step) });
    } else {
      deps.logger.warn(`${stepName(step)} was interrupted; its review has no Slack thread to report it in`);
    }
    posted = true;
    await markStepReported(deps.db, key);
  } catch (err) {
    if (posted) {
      // Slack has it: keep the claim, so this process never posts it again.
      deps.logger.error(`reported the interruption of ${stepName(step)}, but could not record that`, err);
      return;
    }
    deps.logger.warn(`could not report the interruption of ${stepName(step)}; the next sweep tries again`, err);
    await releaseStepReport(deps.db, key).catch((releaseError: unknown) => {
      deps.logger.error(`could not release the report of ${stepName(step)} for another try`, releaseError);
    });
  }
}

function stepName(step: ApplyStepRow): string {
  return `apply step ${step.step} (${step.kind}) of artifact ${step.artifact_id}`;
}

/** The thread's words for an interrupted step: what it was doing, its delivery id, what to do. */
function interruptedStepText(step: Pick<ApplyStepRow, 'step' | 'kind' | 'description' | 'delivery_id'>): string {
  const what = step.description ?? `run apply step ${step.step} (${step.kind})`;
  const id = `delivery id \`${step.delivery_id}\`${step.kind === 'webhook' ? ', sent as X-Coworker-Delivery' : ''}`;
  return (
    `:warning: Approved, but Coworker stopped (crashed or was killed) while trying to ${what} (${id}), ` +
    'so it may or may not have arrived. It was not retried: check, and do it by hand if it is still needed.'
  );
}
