import { type FactCheckTarget, showFactCheck } from '../knowledge/check-fact.js';
import { refreshReviewsUsingFact } from '../reviews/refresh-reviews-using-fact.js';
import type { RunServices } from './execute-run.js';

/**
 * What follows an owner's answer to a verification request, after the click was acknowledged:
 * the cards show it, and the pending reviews that used the fact version show its ⚠ as it now is.
 */
export async function followFactCheck(services: RunServices, outcome: FactCheckTarget): Promise<void> {
  await showFactCheck(services, outcome);
  await refreshReviewsUsingFact(services, { factId: outcome.fact.id, version: outcome.fact.version });
}
