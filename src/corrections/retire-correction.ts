import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { authoriseReviewer } from '../access/authorise-reviewer.js';
import { type ClickOrigin, checkClickOrigin, correctionHome } from '../access/check-click-origin.js';
import { getCorrection, retireCorrection } from '../db/corrections-repository.js';
import { getRun } from '../db/runs-repository.js';
import type { CorrectionRow, Database } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { renderCorrectionAck } from '../surfaces/correction-ack.js';
import { type DisputeDeps, updateDisputeCards } from './dispute-view.js';

export interface RetireDeps {
  db: Kysely<Database>;
  slack: DisputeDeps['slack'];
  agents: () => AgentRegistry;
  logger: Logger;
}

/**
 * Retires a correction ("Not a correction", or Retire in the list): later runs stop getting it.
 * Whoever may review the agent may retire its corrections; only the database is written here
 * (`announceRetirement` updates the thread's acknowledgement after the ack). "Not a correction" must be pressed on the correction's own
 * acknowledgement; Retire in the list is on an ephemeral message, of which Slack keeps no record
 * for the app, so there only the reviewer check applies. Retiring a disputed correction closes
 * its dispute unsettled.
 * @throws CoworkerError when it is unknown or already retired, the click came from elsewhere, or
 * the person may not review the agent
 */
export async function retire(
  services: RetireDeps,
  input: { correctionId: string; userId: string; origin: ClickOrigin | undefined },
): Promise<Retired> {
  const correction = await getCorrection(services.db, input.correctionId);
  if (!correction) throw new CoworkerError('review_not_found', 'This correction no longer exists.');
  if (input.origin?.ephemeral !== true) checkClickOrigin(input.origin, correctionHome(correction));
  const agent = services.agents().get(correction.agent);
  const run = await getRun(services.db, correction.run_id);
  if (agent && run)
    await authoriseReviewer(services.slack, {
      agent: agent.spec.name,
      policy: agent.spec.review,
      run,
      userId: input.userId,
      decision: 'retire',
    });
  const retired = await retireCorrection(services.db, correction.id, input.userId);
  if (!retired)
    throw new CoworkerError(
      'review_stale',
      `This correction was retired already${correction.retired_by ? ` by <@${correction.retired_by}>` : ''}.`,
    );
  return { correction: retired, wasDisputed: correction.status === 'disputed', by: input.userId };
}

/** A retirement as recorded: the correction after it, whether it closed a dispute, who retired it. */
export interface Retired {
  correction: CorrectionRow;
  wasDisputed: boolean;
  by: string;
}

/**
 * Tells Slack, after the click was acknowledged: the thread's acknowledgement says it was
 * retired, and a dispute it closed says so on its owners' cards. What Slack refuses is logged.
 */
export async function announceRetirement(services: RetireDeps, done: Retired): Promise<void> {
  const { correction: retired, by } = done;
  if (retired.channel_id && retired.ack_ts) {
    const ack = renderCorrectionAck({ correction: retired, state: { status: 'retired', by } });
    await services.slack
      .updateMessage({ channel: retired.channel_id, ts: retired.ack_ts, text: ack.text, blocks: ack.blocks })
      .catch((err: unknown) => services.logger.warn('could not update the correction acknowledgement', err));
  }
  if (done.wasDisputed) {
    await updateDisputeCards(services, retired, {
      status: 'retired',
      by,
      at: retired.retired_at ?? new Date(),
    });
  }
}
