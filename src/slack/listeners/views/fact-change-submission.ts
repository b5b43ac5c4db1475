import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { CoworkerError, toCoworkerError } from '../../../errors.js';
import { checkFact, type FactCheckOutcome } from '../../../knowledge/check-fact.js';
import { followFactCheck } from '../../../orchestration/follow-fact-check.js';
import {
  decodeFactChangeRef,
  FACT_CHANGE_CALLBACK_ID,
  readFactChangeNote,
} from '../../../surfaces/fact-change-modal.js';
import { logListenerFailure } from '../../log-listener-failure.js';
import { ViewSubmissionPayload } from '../../payloads.js';

/**
 * The Needs a change modal's submit: a blank note keeps the modal open with the error at its
 * input; otherwise the note is recorded before the ack if the submitter owns the fact and it is
 * still that version (a refusal replaces the modal with the reason), and the cards and the
 * reviews using the fact are updated after it.
 */
export function registerFactChangeSubmission(app: App, services: AppServices): void {
  app.view(FACT_CHANGE_CALLBACK_ID, async ({ body, ack }) => {
    const payload = ViewSubmissionPayload.parse(body);
    let outcome: FactCheckOutcome;
    try {
      const ref = decodeFactChangeRef(payload.view.private_metadata ?? '');
      if (!ref) throw new CoworkerError('review_not_found', 'This form does not point at a fact any more.');
      const read = readFactChangeNote(payload.view.state?.values);
      if (!read.ok) return await ack({ response_action: 'errors', errors: read.errors });
      outcome = await checkFact(services, {
        ref: { fact: ref.fact, version: ref.version },
        source: { kind: 'modal', subject: ref.subject },
        userId: payload.user.id,
        result: 'needs_change',
        note: read.note,
      });
    } catch (err) {
      const error = toCoworkerError(err);
      logListenerFailure(services.logger, 'a Needs a change submission', error, err);
      return await ack({
        response_action: 'update',
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: 'Not recorded' },
          close: { type: 'plain_text', text: 'Close' },
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: error.message } }],
        },
      });
    }
    await ack();
    await services.work.startOrRun(() => followFactCheck(services, outcome));
  });
}
