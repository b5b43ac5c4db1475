import { type ClickOrigin, checkClickOrigin, reviewHome, runHome } from '../access/check-click-origin.js';
import { parseAttachmentRefs } from '../attachments/attachment-ref.js';
import { getArtifact } from '../db/artifacts-repository.js';
import { getRun, setRunStatusMessage } from '../db/runs-repository.js';
import type { Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { recordRun } from '../runs/record-run.js';
import { resolveAgent } from '../specs/resolve-agent.js';
import type { RunServices } from './execute-run.js';

/**
 * Retry of a failed (or interrupted) run: the same agent, input and place, started by `userId`,
 * taking over the failure message (where Retry was pressed: it must be that run's) as its
 * progress message. Once per run (the database refuses a second retry).
 * @throws CoworkerError saying why it cannot be retried
 */
export async function recordRetry(
  services: RunServices,
  input: { runId: string; userId: string; origin: ClickOrigin | undefined },
): Promise<Run> {
  const failed = await getRun(services.db, input.runId);
  if (!failed) throw new CoworkerError('review_not_found', 'This run no longer exists, so it cannot be retried.');
  checkClickOrigin(input.origin, runHome(failed));
  if (failed.status !== 'failed' && failed.status !== 'interrupted')
    throw new CoworkerError('review_stale', 'This run did not fail, so there is nothing to retry.');
  const retry = await repeat(services, failed, {
    kind: 'retry',
    userId: input.userId,
    detail: 'Retry',
    threadTs: failed.thread_ts,
  });
  const messageTs = input.origin.messageTs;
  await setRunStatusMessage(services.db, retry.id, messageTs);
  return { ...retry, status_ts: messageTs };
}

/**
 * Re-run of an expired review (pressed on that review's message): its run again, in the
 * review's thread, started by `userId`. Once per expired review.
 * @throws CoworkerError saying why it cannot be re-run
 */
export async function recordRerun(
  services: RunServices,
  input: { artifactId: string; userId: string; origin: ClickOrigin | undefined },
): Promise<Run> {
  const artifact = await getArtifact(services.db, input.artifactId);
  const run = artifact ? await getRun(services.db, artifact.run_id) : undefined;
  if (!artifact || !run)
    throw new CoworkerError('review_not_found', 'This review no longer exists, so it cannot be re-run.');
  checkClickOrigin(input.origin, reviewHome(artifact));
  if (artifact.status !== 'expired') throw new CoworkerError('review_stale', 'Only an expired review can be re-run.');
  return repeat(services, run, {
    kind: 'rerun',
    userId: input.userId,
    detail: 'Re-run of an expired review',
    threadTs: artifact.thread_ts,
  });
}

async function repeat(
  services: RunServices,
  run: Run,
  trigger: { kind: 'retry' | 'rerun'; userId: string; detail: string; threadTs: string | null },
): Promise<Run> {
  if (!run.channel_id) throw new CoworkerError('review_not_found', 'This run has no channel to run in again.');
  const agent = resolveAgent(services.agents(), run.agent, await services.slack.channelInfo(run.channel_id));
  return recordRun(services.db, {
    instanceId: services.instanceId,
    agent,
    trigger: { kind: trigger.kind, userId: trigger.userId, detail: trigger.detail },
    input: run.input,
    channelId: run.channel_id,
    threadTs: trigger.threadTs,
    retryOf: run.id,
    // The same files as the run repeated: they are downloaded again, as they are in Slack now.
    attachments: parseAttachmentRefs(run.attachments),
  });
}
