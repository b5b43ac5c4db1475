import { mentionOwner } from '../block-kit/escape-mrkdwn.js';
import { setCorrectionAck } from '../db/corrections-repository.js';
import type { CorrectionRow } from '../db/schema.js';
import { toCoworkerError } from '../errors.js';
import { sendOwnerCards } from '../knowledge/owner-cards.js';
import { renderCorrectionAck } from '../surfaces/correction-ack.js';
import { renderDisputeCard } from '../surfaces/dispute-card.js';
import { type DisputeDeps, disputedFactOf, disputeSubject, disputeViewOf } from './dispute-view.js';

/**
 * A correction found to contradict a fact is held for the fact's owner: the thread is told so
 * (naming the fact and its owner, with only Not a correction to press), then each owner gets a
 * card to settle it. When no owner can be reached the correction stays disputed, the failure is
 * logged and the thread says the owner could not be reached.
 * @returns whether an owner's card was sent
 */
export async function holdDisputedCorrection(deps: DisputeDeps, correction: CorrectionRow): Promise<boolean> {
  const fact = await disputedFactOf(deps.db, correction);
  if (!fact || !correction.channel_id) {
    // Versions are stored before a fact is offered to anyone, so this is a bug, not a race.
    deps.logger.error(`disputed correction ${correction.id} names no stored fact version or no thread`);
    return false;
  }
  const ackFor = (ownerReached: boolean) =>
    renderCorrectionAck({
      correction,
      state: { status: 'disputed', fact: { title: fact.title, ownerMention: mentionOwner(fact.owner) }, ownerReached },
    });
  // The thread first, so the acknowledgement is stored before any card can be pressed.
  const ack = ackFor(true);
  const posted = await deps.slack.postMessage({
    channel: correction.channel_id,
    threadTs: correction.thread_ts,
    text: ack.text,
    blocks: ack.blocks,
  });
  await setCorrectionAck(deps.db, correction.id, posted.ts);
  try {
    const card = renderDisputeCard(await disputeViewOf(deps, correction, fact), { status: 'open' });
    await sendOwnerCards(deps, disputeSubject(correction.id), fact.owner, card);
    return true;
  } catch (err) {
    deps.logger.warn(
      `correction ${correction.id} contradicts ${fact.fact_id}, but its owner ${fact.owner} could not be reached: ${toCoworkerError(err).message}`,
    );
    const unreached = ackFor(false);
    await deps.slack
      .updateMessage({ channel: posted.channel, ts: posted.ts, text: unreached.text, blocks: unreached.blocks })
      .catch((e: unknown) => deps.logger.warn('could not update the correction acknowledgement', e));
    return false;
  }
}
