import type { AppServices } from '../../../app-services.js';
import { CoworkerError } from '../../../errors.js';
import { authoriseFactCheck } from '../../../knowledge/check-fact.js';
import { actionIds, decodeFactRef } from '../../../surfaces/action-ids.js';
import { renderFactChangeModal } from '../../../surfaces/fact-change-modal.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/**
 * Needs a change on a fact's verification card: opens a modal asking for the note, if the
 * clicker owns the fact and the card is about its current version (the submission checks again).
 */
export function registerFactNeedsChange(routes: ActionRoutes, services: AppServices): void {
  routes.on(actionIds.factNeedsChange, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const ref = decodeFactRef(payload.actions[0]?.value ?? '');
      if (!ref || !payload.trigger_id)
        throw new CoworkerError('review_not_found', 'This button does not point at a fact any more.');
      const target = await authoriseFactCheck(services, {
        ref,
        source: { kind: 'card', origin: clickOrigin(payload) },
        userId: payload.user.id,
      });
      await services.slack.openView(
        payload.trigger_id,
        renderFactChangeModal({ ref: { ...ref, subject: target.subject }, title: target.fact.title }),
      );
      await ack();
    } catch (err) {
      await refuseClick(services, payload, err, ack);
    }
  });
}
