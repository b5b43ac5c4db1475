import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { expireOverdue } from '../db/artifacts-repository.js';
import type { Database } from '../db/schema.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SlackPort } from '../slack-port.js';
import { refreshReview } from './publish-review.js';

/**
 * Marks overdue pending reviews expired, then shows it: the review message loses its buttons and
 * offers Re-run, and the thread says that nothing was applied. The conditional update hands
 * each expired review to exactly one sweeper, however many replicas sweep at once.
 * @returns how many reviews this call expired
 */
export async function expireOverdueReviews(
  deps: { db: Kysely<Database>; slack: SlackPort; logger: Logger; metrics: Metrics },
  now = new Date(),
): Promise<number> {
  const expired = await expireOverdue(deps.db, now);
  for (const artifact of expired) {
    deps.metrics.reviewDecided({ agent: artifact.agent, decision: 'expired' });
    try {
      await refreshReview(deps, artifact.id);
      if (artifact.channel_id) {
        await deps.slack.postMessage({
          channel: artifact.channel_id,
          threadTs: artifact.thread_ts ?? artifact.message_ts,
          text: `:hourglass: This review of \`${artifact.agent}\` expired before anyone decided, so nothing was applied. Press Re-run on the message to run the agent again.`,
        });
      }
    } catch (err) {
      deps.logger.error(`could not show that review ${artifact.id} expired`, err);
    }
  }
  return expired.length;
}
