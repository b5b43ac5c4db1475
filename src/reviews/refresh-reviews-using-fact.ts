import type { Logger } from '@slack/logger';
import { pendingReviewsUsingFact } from '../db/artifacts-repository.js';
import { type ReviewDeps, refreshReview } from './publish-review.js';

/** The pending reviews re-rendered after a word on a fact: the newest ones, which people are looking at. */
export const MAX_REVIEWS_REFRESHED = 50;

/**
 * Re-renders the pending reviews whose runs used this fact version, newest first and at most
 * {@link MAX_REVIEWS_REFRESHED}, so their sources line shows where the fact stands now (the ⚠
 * goes once it is verified, comes when it needs a change). A message Slack refuses is logged.
 * @returns how many were re-rendered
 */
export async function refreshReviewsUsingFact(
  deps: ReviewDeps & { logger: Logger },
  fact: { factId: string; version: number },
): Promise<number> {
  const pending = await pendingReviewsUsingFact(deps.db, fact, MAX_REVIEWS_REFRESHED);
  let refreshed = 0;
  for (const artifact of pending) {
    try {
      await refreshReview(deps, artifact.id);
      refreshed += 1;
    } catch (err) {
      deps.logger.warn(`could not show the new state of the fact ${fact.factId} on review ${artifact.id}`, err);
    }
  }
  return refreshed;
}
