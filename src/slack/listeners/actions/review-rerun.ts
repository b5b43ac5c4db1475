import type { AppServices } from '../../../app-services.js';
import { recordRerun } from '../../../orchestration/repeat-run.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { actionIds, decodeReviewRef } from '../../../surfaces/action-ids.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/** Re-run on an expired review: recorded before the ack, run after it. */
export function registerReviewRerun(routes: ActionRoutes, services: AppServices): void {
  routes.on(actionIds.reviewRerun, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const artifactId = decodeReviewRef(payload.actions[0]?.value ?? '')?.artifactId ?? '';
      const rerun = await recordRerun(services, { artifactId, userId: payload.user.id, origin: clickOrigin(payload) });
      await ack();
      continueRun(services, rerun);
    } catch (err) {
      await refuseClick(services, payload, err, ack);
    }
  });
}
