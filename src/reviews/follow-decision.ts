import type { ArtifactRow } from '../db/schema.js';
import { type ApplyDeps, applyApproved } from './apply-approved.js';
import { refreshReview } from './publish-review.js';

/**
 * What follows a decision, after Slack was answered: the review message shows the new state
 * (decided, or the approvals so far), and an approved artifact is applied. Failing to show the
 * state never stops the apply: the database, not the message, is the truth.
 */
export async function followDecision(deps: ApplyDeps, artifact: ArtifactRow): Promise<void> {
  try {
    await refreshReview(deps, artifact.id);
  } catch (err) {
    deps.logger.error(`could not show the decision on artifact ${artifact.id}; applying it anyway`, err);
  }
  if (artifact.status === 'approved') await applyApproved(deps, artifact);
}
