import type { AppServices } from '../../../app-services.js';
import { recordRetry } from '../../../orchestration/repeat-run.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { actionIds, decodeRunRef } from '../../../surfaces/action-ids.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/** Retry on a "Run failed" message: recorded before the ack, run after it. */
export function registerRunRetry(routes: ActionRoutes, services: AppServices): void {
  routes.on(actionIds.runRetry, async ({ body, ack }) => {
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
