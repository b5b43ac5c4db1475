import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { getArtifact } from '../db/artifacts-repository.js';
import { getFactVersion } from '../db/facts-repository.js';
import type { CorrectionRow, Database, FactVersionRow } from '../db/schema.js';
import { toCoworkerError } from '../errors.js';
import { type OwnerCardDeps, updateOwnerCards } from '../knowledge/owner-cards.js';
import type { SlackPort } from '../slack-port.js';
import { type DisputeCardState, type DisputeView, renderDisputeCard } from '../surfaces/dispute-card.js';

/** What showing a dispute needs: the database, Slack (cards, links) and a log for what Slack refuses. */
export interface DisputeDeps extends OwnerCardDeps {
  slack: OwnerCardDeps['slack'] & Pick<SlackPort, 'permalink'>;
  logger: Logger;
}

/** The subject the owners' cards about a disputed correction are recorded under. */
export function disputeSubject(correctionId: string): string {
  return `dispute:${correctionId}`;
}

/** The fact version a disputed correction contradicts, as stored when it was disputed. */
export async function disputedFactOf(
  db: Kysely<Database>,
  correction: Pick<CorrectionRow, 'disputed_fact' | 'disputed_version'>,
): Promise<FactVersionRow | undefined> {
  if (correction.disputed_fact === null || correction.disputed_version === null) return undefined;
  return getFactVersion(db, correction.disputed_fact, correction.disputed_version);
}

/**
 * The card's view of a disputed correction: the fact version it contradicts, the correction,
 * and a link to its review (left out when Slack gives none: the card is still worth sending).
 */
export async function disputeViewOf(
  deps: DisputeDeps,
  correction: CorrectionRow,
  fact: FactVersionRow,
): Promise<DisputeView> {
  const artifact = await getArtifact(deps.db, correction.artifact_id);
  let reviewLink: string | undefined;
  if (artifact?.channel_id && artifact.message_ts) {
    reviewLink = await deps.slack.permalink(artifact.channel_id, artifact.message_ts).catch((err: unknown) => {
      deps.logger.warn(`no link to the review of correction ${correction.id}: ${toCoworkerError(err).message}`);
      return undefined;
    });
  }
  return {
    correctionId: correction.id,
    agent: correction.agent,
    author: correction.author,
    reply: correction.text,
    instruction: correction.instruction,
    reason: correction.dispute_reason,
    fact: { id: fact.fact_id, title: fact.title, version: fact.version, body: fact.body },
    reviewLink,
  };
}

/** Shows `state` on every owner's card about this correction; what Slack refuses is logged. */
export async function updateDisputeCards(
  deps: DisputeDeps,
  correction: CorrectionRow,
  state: DisputeCardState,
): Promise<void> {
  const fact = await disputedFactOf(deps.db, correction);
  if (!fact) return;
  const card = renderDisputeCard(await disputeViewOf(deps, correction, fact), state);
  const failed = await updateOwnerCards(deps, disputeSubject(correction.id), card);
  if (failed > 0) deps.logger.warn(`${failed} owner card(s) of correction ${correction.id} could not be updated`);
}
