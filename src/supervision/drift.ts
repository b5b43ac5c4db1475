import type { ActivityCounts } from '../db/activity-repository.js';
import { percent } from '../figures.js';

/** Decisions needed in each window before a rate is compared: two or three decisions say nothing. */
const MIN_DECISIONS = 3;

/**
 * Whether an agent drifts (DESIGN.md "Supervision at scale"): its approval rate in the last 7
 * days is below that of the 30 days before, or its corrections are rising (more per run than
 * before). Pure. @returns the reasons, empty when it does not drift
 */
export function driftReasons(recent: ActivityCounts | undefined, before: ActivityCounts | undefined): string[] {
  if (!recent) return [];
  const reasons: string[] = [];
  const rate = (c: ActivityCounts) => c.approved / (c.approved + c.rejected);
  const recentDecided = recent.approved + recent.rejected;
  const beforeDecided = before ? before.approved + before.rejected : 0;
  if (before && recentDecided >= MIN_DECISIONS && beforeDecided >= MIN_DECISIONS && rate(recent) < rate(before)) {
    reasons.push(`approval ${percent(rate(recent))} (was ${percent(rate(before))})`);
  }
  const perRun = (c: ActivityCounts) => (c.runs > 0 ? c.corrections / c.runs : 0);
  if (recent.corrections >= 2 && perRun(recent) > (before ? perRun(before) : 0)) {
    reasons.push(`corrections rising (${recent.corrections} this week)`);
  }
  return reasons;
}
