import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { actionIds, decodeReviewRef } from '../../../blocks/action-ids.js';
import { getArtifact } from '../../../db/artifacts-repository.js';
import { getRun } from '../../../db/runs-repository.js';
import { CoworkerError, toCoworkerError } from '../../../errors.js';
import { recordRun } from '../../../runs/record-run.js';
import { resolveAgent } from '../../../runs/resolve-agent.js';
import { continueRun } from '../../../runs/start-run.js';
import { BlockActionPayload } from '../../payloads.js';
import { replyToClicker } from '../../reply-ephemeral.js';

/**
 * Re-run on an expired review: the same agent, input and place, started by whoever clicked.
 * Once per expired review (the database refuses a second re-run of the same run).
 */
export function registerReviewRerun(app: App, services: AppServices): void {
  app.action(actionIds.reviewRerun, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const ref = decodeReviewRef(payload.actions[0]?.value ?? '');
      const artifact = ref ? await getArtifact(services.db, ref.artifactId) : undefined;
      const run = artifact ? await getRun(services.db, artifact.run_id) : undefined;
      if (!artifact || !run || !run.channel_id) throw new CoworkerError('review_not_found', 'user', 'This review no longer exists, so it cannot be re-run.');
      if (artifact.status !== 'expired') throw new CoworkerError('review_stale', 'user', 'Only an expired review can be re-run.');
      const channel = await services.slack.channelInfo(run.channel_id);
      const agent = resolveAgent(services.agents(), run.agent, channel);
      const rerun = await recordRun(services.db, {
        instanceId: services.instanceId,
        agent,
        trigger: { kind: 'rerun', userId: payload.user.id, detail: 'Re-run of an expired review' },
        input: run.input,
        channelId: run.channel_id,
        threadTs: artifact.thread_ts,
        retryOf: run.id,
      });
      await ack();
      continueRun(services, rerun);
    } catch (err) {
      await ack();
      const error = toCoworkerError(err);
      if (error.category !== 'user') services.logger.error('re-run failed', err);
      await replyToClicker(services.slack, services.logger, payload, error.message);
    }
  });
}
