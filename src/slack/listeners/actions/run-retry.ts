import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { actionIds, decodeRunRef } from '../../../blocks/action-ids.js';
import { getRun, setRunStatusMessage } from '../../../db/runs-repository.js';
import { CoworkerError, toCoworkerError } from '../../../errors.js';
import { recordRun } from '../../../runs/record-run.js';
import { resolveAgent } from '../../../runs/resolve-agent.js';
import { continueRun } from '../../../runs/start-run.js';
import { BlockActionPayload, actionChannel } from '../../payloads.js';
import { replyToClicker } from '../../reply-ephemeral.js';

/**
 * Retry on a "Run failed" message: a new run with the same agent, input and place, which
 * takes over the failure message as its progress message. Only a failed or interrupted run
 * can be retried, and only once (the database refuses a second retry of the same run).
 */
export function registerRunRetry(app: App, services: AppServices): void {
  app.action(actionIds.runRetry, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const failed = await getRun(services.db, decodeRunRef(payload.actions[0]?.value ?? '') ?? '');
      if (!failed || !failed.channel_id) throw new CoworkerError('review_not_found', 'user', 'This run no longer exists, so it cannot be retried.');
      if (failed.status !== 'failed' && failed.status !== 'interrupted') {
        throw new CoworkerError('review_stale', 'user', 'This run did not fail, so there is nothing to retry.');
      }
      const channel = await services.slack.channelInfo(actionChannel(payload) ?? failed.channel_id);
      const agent = resolveAgent(services.agents(), failed.agent, channel);
      const retry = await recordRun(services.db, {
        instanceId: services.instanceId,
        agent,
        trigger: { kind: 'retry', userId: payload.user.id, detail: 'Retry' },
        input: failed.input,
        channelId: failed.channel_id,
        threadTs: failed.thread_ts,
        retryOf: failed.id,
      });
      const messageTs = payload.message?.ts ?? failed.status_ts;
      if (messageTs) await setRunStatusMessage(services.db, retry.id, messageTs);
      await ack();
      continueRun(services, { ...retry, status_ts: messageTs ?? null });
    } catch (err) {
      await ack();
      const error = toCoworkerError(err);
      if (error.category !== 'user') services.logger.error('retry failed', err);
      await replyToClicker(services.slack, services.logger, payload, error.message);
    }
  });
}
