import type { AppServices } from '../../../app-services.js';
import { announceSettlement, type SettledDispute, settleDispute } from '../../../corrections/settle-dispute.js';
import type { Settlement } from '../../../db/schema.js';
import { CoworkerError } from '../../../errors.js';
import { decodeCorrectionRef } from '../../../surfaces/correction-ack.js';
import { SETTLEMENT_ACTIONS } from '../../../surfaces/dispute-card.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/**
 * Keep the fact / The correction is right / Both true: a fact's owner settles a disputed
 * correction on their card. Settled in the database before the ack; after it, the cards, the
 * thread's acknowledgement and the thread say how (a refusal is told to the clicker alone).
 */
export function registerDisputeButtons(routes: ActionRoutes, services: AppServices): void {
  for (const [settlement, actionId] of Object.entries(SETTLEMENT_ACTIONS) as Array<[Settlement, string]>) {
    routes.on(actionId, async ({ body, ack }) => {
      const payload = BlockActionPayload.parse(body);
      let settled: SettledDispute;
      try {
        const correctionId = decodeCorrectionRef(payload.actions[0]?.value ?? '');
        if (!correctionId)
          throw new CoworkerError('review_not_found', 'This button does not point at a correction any more.');
        settled = await settleDispute(services, {
          correctionId,
          userId: payload.user.id,
          settlement,
          origin: clickOrigin(payload),
        });
      } catch (err) {
        return refuseClick(services, payload, err, ack);
      }
      await ack();
      await services.work.startOrRun(() => announceSettlement(services, settled));
    });
  }
}
