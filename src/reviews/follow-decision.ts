import type { ArtifactRow } from '../db/schema.js';
import { applyApproved, type ApplyDeps } from './apply-approved.js';
import { refreshReview } from './publish-review.js';

/**
 * What follows a decision, after Slack was answered: the review message shows the new state
 * (decided, or the approvals so far), and an approved artifact is applied.
 */
export async function followDecision(deps: ApplyDeps, artifact: ArtifactRow): Promise<void> {
  await refreshReview(deps, artifact.id);
  if (artifact.status === 'approved') await applyApproved(deps, artifact);
}
