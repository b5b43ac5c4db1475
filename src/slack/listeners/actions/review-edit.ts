import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { actionIds, decodeReviewRef } from '../../../blocks/action-ids.js';
import { renderEditModal } from '../../../blocks/edit-modal.js';
import { CoworkerError } from '../../../errors.js';
import { loadEditable } from '../../../reviews/submit-edit.js';
import { BlockActionPayload } from '../../payloads.js';
import { refuseClick } from '../../reply-ephemeral.js';

/** Edit: opens a modal holding the version's content, if the clicker may review it and it is still pending. */
export function registerReviewEdit(app: App, services: AppServices): void {
  app.action(actionIds.reviewEdit, async ({ body, ack }) => {
    await ack();
    const payload = BlockActionPayload.parse(body);
    try {
      const ref = decodeReviewRef(payload.actions[0]?.value ?? '');
      if (!ref || !payload.trigger_id) throw new CoworkerError('review_not_found', 'user', 'This button does not point at a review any more.');
      const { artifact, options } = await loadEditable(services, ref, payload.user.id);
      await services.slack.openView(payload.trigger_id, renderEditModal({ agent: artifact.agent, artifactId: artifact.id, version: artifact.version, options, content: artifact.content }));
    } catch (err) {
      await refuseClick(services, payload, err);
    }
  });
}
