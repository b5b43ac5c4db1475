import { unfinishedFollowUps } from '../db/artifacts-repository.js';
import { type ApplyDeps, applyApproved } from './apply-approved.js';
import { refreshReview } from './publish-review.js';

/**
 * Finishes what a crash or a Slack failure left half done: approvals not fully applied (the
 * steps already claimed are not run again) and review messages that do not show their decision,
 * expiry or supersession yet. Safe on every replica at once.
 * @returns how many artifacts it touched
 */
export async function finishFollowUps(deps: ApplyDeps, graceMs: number): Promise<number> {
  const { unapplied, unshown } = await unfinishedFollowUps(deps.db, graceMs);
  for (const artifact of unshown) {
    await refreshReview(deps, artifact.id).catch((err: unknown) =>
      deps.logger.warn(`review ${artifact.id} still cannot be updated in Slack`, err),
    );
  }
  for (const artifact of unapplied) {
    deps.logger.warn(`finishing the apply of approved artifact ${artifact.id}, interrupted earlier`);
    await applyApproved(deps, artifact);
  }
  return unapplied.length + unshown.length;
}
