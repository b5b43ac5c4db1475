import { randomUUID } from 'node:crypto';
import type { ClickOrigin } from '../access/check-click-origin.js';
import { mentionUser } from '../block-kit/escape-mrkdwn.js';
import { slackDate } from '../block-kit/slack-date.js';
import { getCorrection, settleDisputedCorrection } from '../db/corrections-repository.js';
import { recordFactCheck } from '../db/facts-repository.js';
import { ownerCardsOf } from '../db/owner-cards-repository.js';
import type { CorrectionRow, FactVersionRow, Settlement } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { requireOwner } from '../knowledge/owner-cards.js';
import { renderCorrectionAck } from '../surfaces/correction-ack.js';
import { describeSettlement, renderSettlementLine, SETTLEMENT_LABELS } from '../surfaces/dispute-card.js';
import { type DisputeDeps, disputedFactOf, disputeSubject, updateDisputeCards } from './dispute-view.js';

/**
 * A fact's owner settles a disputed correction (DESIGN.md "Team knowledge"), once:
 * - `keep_fact`: the correction is retired (by the owner), its author told in the thread;
 * - `correction_right`: it becomes active, and the fact version is recorded as needing a change;
 * - `both_true`: it becomes active as an exception to the fact (runs are told so).
 * Only an owner of the fact may settle, and only on a card sent about it. One conditional update
 * records the settlement with who and when, so a second click, another owner or another replica
 * finds it settled and is told by whom and how. Only the database is written here (before the
 * click is acknowledged); `announceSettlement` tells Slack after it.
 * @throws CoworkerError when the correction or its fact is unknown, the click came from
 * elsewhere, the clicker is not an owner, or it was settled or retired already
 */
export async function settleDispute(
  deps: DisputeDeps,
  input: { correctionId: string; userId: string; settlement: Settlement; origin: ClickOrigin | undefined },
): Promise<SettledDispute> {
  const correction = await getCorrection(deps.db, input.correctionId);
  const fact = correction ? await disputedFactOf(deps.db, correction) : undefined;
  if (!correction || !fact)
    throw new CoworkerError('review_not_found', 'This card does not point at a disputed correction any more.');
  const cards = await ownerCardsOf(deps.db, disputeSubject(correction.id));
  const origin = input.origin;
  if (!origin || !cards.some((c) => c.channelId === origin.channelId && c.ts === origin.messageTs)) {
    throw new CoworkerError(
      'request_mismatch',
      'This button does not belong to the message it was pressed on, so nothing was changed.',
      { details: { origin } },
    );
  }
  await requireOwner(deps.slack, fact, input.userId, { may: 'settle this dispute', nothing: 'changed' });

  const at = new Date();
  const settled = await deps.db.transaction().execute(async (trx) => {
    const row = await settleDisputedCorrection(trx, correction.id, {
      settlement: input.settlement,
      by: input.userId,
      at,
    });
    if (row && input.settlement === 'correction_right') {
      await recordFactCheck(trx, {
        id: randomUUID(),
        factId: fact.fact_id,
        version: fact.version,
        result: 'needs_change',
        userId: input.userId,
        note: `A correction of ${correction.agent} was found right: ${correction.instruction}`,
        correctionId: correction.id,
      });
    }
    return row;
  });
  if (!settled) throw new CoworkerError('review_stale', alreadyClosed(await getCorrection(deps.db, correction.id)));
  return { correction: settled, fact, settlement: input.settlement, by: input.userId, at };
}

/** A settlement as recorded: the correction after it, the fact version it was about, who, how, when. */
export interface SettledDispute {
  correction: CorrectionRow;
  fact: FactVersionRow;
  settlement: Settlement;
  by: string;
  at: Date;
}

/**
 * Tells Slack how a dispute was settled: every owner's card, the thread's acknowledgement and one
 * line in the review thread. What Slack refuses is logged; the settlement stands.
 */
export async function announceSettlement(deps: DisputeDeps, done: SettledDispute): Promise<void> {
  const { correction: settled, fact, settlement, by, at } = done;
  await updateDisputeCards(deps, settled, { status: 'settled', settlement, by, at });
  if (settled.channel_id) {
    const outcome = describeSettlement(settlement, by, { agent: settled.agent, factTitle: fact.title });
    if (settled.ack_ts) {
      const ack = renderCorrectionAck({
        correction: settled,
        state: { status: 'settled', settlement, outcome },
      });
      await deps.slack
        .updateMessage({ channel: settled.channel_id, ts: settled.ack_ts, text: ack.text, blocks: ack.blocks })
        .catch((err: unknown) => deps.logger.warn('could not update the correction acknowledgement', err));
    }
    const line = renderSettlementLine({
      settlement,
      by,
      author: settled.author,
      agent: settled.agent,
      factTitle: fact.title,
    });
    await deps.slack
      .postMessage({ channel: settled.channel_id, threadTs: settled.thread_ts, text: line })
      .catch((err: unknown) => deps.logger.warn('could not tell the review thread how a dispute was settled', err));
  }
}

/** Why a settlement found nothing to settle: who settled it and how, or who retired it. */
function alreadyClosed(current: CorrectionRow | undefined): string {
  if (current?.settlement && current.settled_by) {
    const when = current.settled_at ? ` ${slackDate(current.settled_at)}` : '';
    return `This dispute was settled already: ${mentionUser(current.settled_by)} chose *${SETTLEMENT_LABELS[current.settlement]}*${when}. Nothing was changed.`;
  }
  if (current?.status === 'retired') {
    return `This correction was retired${current.retired_by ? ` by ${mentionUser(current.retired_by)}` : ''} before it was settled: there is nothing to settle.`;
  }
  return 'This correction is not waiting to be settled any more, so nothing was changed.';
}
