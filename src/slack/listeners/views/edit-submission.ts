import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { recordEditCorrections } from '../../../corrections/record-edit.js';
import { CoworkerError, toCoworkerError } from '../../../errors.js';
import { decide } from '../../../reviews/decide.js';
import { followDecision } from '../../../reviews/follow-decision.js';
import { publishReview, refreshReview } from '../../../reviews/publish-review.js';
import { loadEditable, submitEdit } from '../../../reviews/submit-edit.js';
import { decodeReviewRef } from '../../../surfaces/action-ids.js';
import { EDIT_MODAL_CALLBACK_ID, readEditSubmission } from '../../../surfaces/edit-modal.js';
import { logListenerFailure } from '../../log-listener-failure.js';
import { ViewSubmissionPayload } from '../../payloads.js';

/**
 * The Edit modal's submit, accepted only from a modal the app opened for that version and
 * person. Invalid content keeps the modal open with errors at the inputs; a refusal replaces
 * the modal with the reason. Otherwise the decision is made before the ack,
 * and the message update, the edit corrections and the apply steps follow after it.
 */
export function registerEditSubmission(app: App, services: AppServices): void {
  app.view(EDIT_MODAL_CALLBACK_ID, async ({ body, ack }) => {
    const payload = ViewSubmissionPayload.parse(body);
    const userId = payload.user.id;
    try {
      const ref = decodeReviewRef(payload.view.private_metadata ?? '');
      if (!ref) throw new CoworkerError('review_not_found', 'This form does not point at a review any more.');
      // Only a modal this app opened for this version and this person (see review-edit.ts).
      const source = { kind: 'edit-view', viewId: payload.view.id } as const;
      const { artifact, run, options } = await loadEditable(services, ref, userId, source);
      const submission = readEditSubmission({
        values: payload.view.state?.values,
        options,
        original: artifact.content,
      });
      if (!submission.ok) return await ack({ response_action: 'errors', errors: submission.errors });

      if (submission.changes.length === 0) {
        // Nothing was changed: a plain approval (quorum rules apply as for the button).
        const outcome = await decide(services, { ...ref, userId, decision: 'approve', source });
        await ack();
        await services.work.startOrRun(() => followDecision(services, outcome.artifact));
        return;
      }
      const { content, changes } = submission;
      const outcome = await submitEdit(services, { artifact, run, userId, content, changes, viewId: source.viewId });
      await ack();
      await services.work.startOrRun(async () => {
        // On its own: failing to store the correction must not keep the decision from taking effect.
        await recordEditCorrections(services.db, artifact, userId, submission.changes).catch((err: unknown) =>
          services.logger.error('could not store the edit as a correction', err),
        );
        if (outcome.kind === 'approved') return followDecision(services, outcome.artifact);
        await publishReview(services, outcome.artifact, {
          ...outcome.run,
          status_ts: null,
          thread_ts: artifact.thread_ts ?? artifact.message_ts,
        });
        for (const id of outcome.superseded) await refreshReview(services, id);
      });
    } catch (err) {
      const error = toCoworkerError(err);
      logListenerFailure(services.logger, 'an Edit submission', error, err);
      await ack({
        response_action: 'update',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'Not saved' },
          close: { type: 'plain_text', text: 'Close' },
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: error.message } }],
        },
      });
    }
  });
}
