import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { recordRetry } from '../../../orchestration/repeat-run.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { actionIds, decodeRunRef } from '../../../surfaces/action-ids.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/** Retry on a "Run failed" message: recorded before the ack, run after it. */
export function registerRunRetry(app: App, services: AppServices): void {
  app.action(actionIds.runRetry, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const runId = decodeRunRef(payload.actions[0]?.value ?? '') ?? '';
      const retry = await recordRetry(services, { runId, userId: payload.user.id, origin: clickOrigin(payload) });
      await ack();
      continueRun(services, retry);
    } catch (err) {
      await refuseClick(services, payload, err, ack);
    }
  });
}
