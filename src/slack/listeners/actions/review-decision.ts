import type { AppServices } from '../../../app-services.js';
import type { DecisionKind } from '../../../db/schema.js';
import { decide } from '../../../reviews/decide.js';
import { followDecision } from '../../../reviews/follow-decision.js';
import { actionIds, decodeReviewRef } from '../../../surfaces/action-ids.js';
import type { ActionRoutes } from '../../action-routes.js';
import { BlockActionPayload, clickOrigin } from '../../payloads.js';
import { refuseClick, replyToClicker } from '../../reply-ephemeral.js';

const DECISIONS: ReadonlyArray<[string, DecisionKind]> = [
  [actionIds.reviewApprove, 'approve'],
  [actionIds.reviewReject, 'reject'],
];

/**
 * Approve / Reject, acting only on the artifact of the message they were pressed on. The
 * decision is made in the database before the ack (so a crash cannot lose an acknowledged
 * click); updating the message and applying happen after it.
 */
export function registerReviewDecision(routes: ActionRoutes, services: AppServices): void {
  for (const [actionId, decision] of DECISIONS) {
    routes.on(actionId, async ({ body, ack }) => {
      const payload = BlockActionPayload.parse(body);
      const ref = decodeReviewRef(payload.actions[0]?.value ?? '');
      if (!ref) {
        await ack();
        return replyToClicker(
          services.slack,
          services.logger,
          payload,
          'This button does not point at a review any more, so nothing was changed.',
        );
      }
      let outcome: Awaited<ReturnType<typeof decide>>;
      try {
        const source = { kind: 'button', origin: clickOrigin(payload) } as const;
        outcome = await decide(services, { ...ref, userId: payload.user.id, decision, source });
      } catch (err) {
        return refuseClick(services, payload, err, ack);
      }
      await ack();
      // Tracked before anything else is awaited, so a shutdown starting now still waits for it.
      const followUp = services.work.startOrRun(() =>
        followDecision(services, outcome.artifact, outcome.kind === 'decided' ? outcome.run : undefined),
      );
      if (outcome.kind === 'counted') {
        await replyToClicker(
          services.slack,
          services.logger,
          payload,
          `Your approval is recorded (${outcome.approvals} of ${outcome.artifact.quorum} approvals).`,
        );
      }
      await followUp;
    });
  }
}
