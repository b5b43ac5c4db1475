import type { ArtifactRow, Run } from '../db/schema.js';
import { type ApplyDeps, applyApproved } from './apply-approved.js';
import { refreshReview } from './publish-review.js';

/**
 * What follows a decision, after Slack was answered: the review message shows the new state
 * (decided, or the approvals so far), and an approved artifact is applied. Failing to show the
 * state never stops the apply: the database, not the message, is the truth.
 */
export async function followDecision(deps: ApplyDeps, artifact: ArtifactRow, run?: Run): Promise<void> {
  // A decided review shows the rows the decision wrote (nothing changes them any more); a review
  // still collecting approvals is read again, as another approval may have decided it meanwhile.
  const decided = artifact.status === 'approved' || artifact.status === 'rejected';
  try {
    await refreshReview(deps, artifact.id, decided && run !== undefined ? { artifact, run } : undefined);
  } catch (err) {
    deps.logger.error(`could not show the decision on artifact ${artifact.id}; applying it anyway`, err);
  }
  if (artifact.status === 'approved') await applyApproved(deps, artifact);
}
