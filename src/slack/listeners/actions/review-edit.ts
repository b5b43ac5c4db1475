import type { AppServices } from '../../../app-services.js';
import { recordEditView } from '../../../db/edit-views-repository.js';
import { CoworkerError } from '../../../errors.js';
import { loadEditable } from '../../../reviews/submit-edit.js';
import { actionIds, decodeReviewRef } from '../../../surfaces/action-ids.js';
import { renderEditModal } from '../../../surfaces/edit-modal.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/**
 * Edit: opens a modal holding the version's content, if the clicker may review it, it is still
 * pending and the button was pressed on its own review message. The view id Slack gives the
 * modal is recorded before the ack: only that view's submission is accepted, from that person.
 */
export function registerReviewEdit(routes: ActionRoutes, services: AppServices): void {
  routes.on(actionIds.reviewEdit, async ({ body, ack }) => {
    const payload = BlockActionPayload.parse(body);
    try {
      const ref = decodeReviewRef(payload.actions[0]?.value ?? '');
      if (!ref || !payload.trigger_id)
        throw new CoworkerError('review_not_found', 'This button does not point at a review any more.');
      const { artifact, options } = await loadEditable(services, ref, payload.user.id, {
        kind: 'button',
        origin: clickOrigin(payload),
      });
      const modal = renderEditModal({
        agent: artifact.agent,
        artifactId: artifact.id,
        version: artifact.version,
        options,
        content: artifact.content,
      });
      const { viewId } = await services.slack.openView(payload.trigger_id, modal);
      await recordEditView(services.db, {
        viewId,
        artifactId: artifact.id,
        version: artifact.version,
        userId: payload.user.id,
      });
      await ack();
    } catch (err) {
      await refuseClick(services, payload, err, ack);
    }
  });
}
