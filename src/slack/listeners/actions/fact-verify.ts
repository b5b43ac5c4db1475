import type { AppServices } from '../../../app-services.js';
import { CoworkerError } from '../../../errors.js';
import { checkFact, type FactCheckOutcome } from '../../../knowledge/check-fact.js';
import { followFactCheck } from '../../../orchestration/follow-fact-check.js';
import { actionIds, decodeFactRef } from '../../../surfaces/action-ids.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/**
 * Verify on a fact's verification card: recorded before the ack (who, when) if the clicker owns
 * the fact and the card is about its current version; the cards and the reviews using the fact
 * are updated after it.
 */
export function registerFactVerify(routes: ActionRoutes, services: AppServices): void {
  routes.on(actionIds.factVerify, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    let outcome: FactCheckOutcome;
    try {
      const ref = decodeFactRef(payload.actions[0]?.value ?? '');
      if (!ref) throw new CoworkerError('review_not_found', 'This button does not point at a fact any more.');
      outcome = await checkFact(services, {
        ref,
        source: { kind: 'card', origin: clickOrigin(payload) },
        userId: payload.user.id,
        result: 'verified',
      });
    } catch (err) {
      return refuseClick(services, payload, err, ack);
    }
    await ack();
    await services.work.startOrRun(() => followFactCheck(services, outcome));
  });
}
