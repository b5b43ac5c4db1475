import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../artifacts/artifact-type.js';
import { escapeMrkdwn, mentionUser, oneLine } from '../block-kit/escape-mrkdwn.js';
import { MAX_SECTION_TEXT, MAX_TEXT_OBJECT, MAX_TOP_LEVEL_TEXT, truncate } from '../block-kit/limits.js';
import { slackDate } from '../block-kit/slack-date.js';
import type { Settlement } from '../db/schema.js';
import { actionIds } from './action-ids.js';
import { encodeCorrectionRef } from './correction-ack.js';

/** What a fact's owner is shown of a correction that contradicts the fact. */
export interface DisputeView {
  correctionId: string;
  agent: string;
  /** Who wrote the correction (a user ID). */
  author: string;
  /** The reply as written. */
  reply: string;
  /** What the extraction made of it. */
  instruction: string;
  /** The contradiction in a sentence, as the extraction said it. */
  reason: string | null;
  fact: { id: string; title: string; version: number; body: string };
  /** A link to the review the correction was made on (absent when Slack did not give one). */
  reviewLink?: string | undefined;
}

export type DisputeCardState =
  | { status: 'open' }
  | { status: 'settled'; settlement: Settlement; by: string; at: Date }
  | { status: 'retired'; by: string; at: Date };

/** The buttons' labels, which are also how a settlement is named to people. */
export const SETTLEMENT_LABELS: Record<Settlement, string> = {
  keep_fact: 'Keep the fact',
  correction_right: 'The correction is right',
  both_true: 'Both true',
};

/** The action id of each settlement's button. */
export const SETTLEMENT_ACTIONS: Record<Settlement, string> = {
  keep_fact: actionIds.disputeKeepFact,
  correction_right: actionIds.disputeCorrectionRight,
  both_true: actionIds.disputeBothTrue,
};

const MAX_FACT_SHOWN = 1200;
const MAX_REPLY_SHOWN = 800;

/** What a settlement did, in a sentence (for the card, the acknowledgement and the thread). */
export function describeSettlement(
  settlement: Settlement,
  by: string,
  view: { agent: string; factTitle: string },
): string {
  const title = `*${escapeMrkdwn(oneLine(view.factTitle))}*`;
  switch (settlement) {
    case 'keep_fact':
      return `${mentionUser(by)} kept the fact ${title}: the correction is retired.`;
    case 'correction_right':
      return `${mentionUser(by)} found the correction right: \`${view.agent}\` follows it from its next run, and ${title} is marked as needing a change.`;
    case 'both_true':
      return `${mentionUser(by)} found both true: \`${view.agent}\` follows the correction as an exception to ${title}.`;
    default: {
      const unknown: never = settlement;
      throw new Error(`unknown settlement ${String(unknown)}`);
    }
  }
}

/**
 * The card a fact's owner gets when a correction contradicts the fact: the fact, the correction
 * (as written and as understood), its author, the agent and its review, why they disagree, and
 * (while open) Keep the fact / The correction is right / Both true. Once settled or retired it
 * says how, by whom and when, with no buttons.
 */
export function renderDisputeCard(view: DisputeView, state: DisputeCardState): SlackMessage {
  const title = escapeMrkdwn(oneLine(view.fact.title));
  const review =
    view.reviewLink && /^https:\/\/[^\s<>|]+$/.test(view.reviewLink) ? `<${view.reviewLink}|a review>` : 'a review';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `:scales: A correction of \`${view.agent}\` contradicts *${title}* (version ${view.fact.version}), which you own. ` +
            'Until you settle it, no run is given the correction and the agent follows the fact.',
          MAX_SECTION_TEXT,
        ),
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*The fact* (\`${view.fact.id}\`)\n${quote(truncate(view.fact.body, MAX_FACT_SHOWN))}`,
          MAX_SECTION_TEXT,
        ),
      },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*The correction*, by ${mentionUser(view.author)} on ${review} of \`${view.agent}\`\n` +
            `${quote(truncate(view.reply, MAX_REPLY_SHOWN))}\n_Understood as:_ ${escapeMrkdwn(oneLine(view.instruction))}`,
          MAX_SECTION_TEXT,
        ),
      },
    },
  ];
  if (view.reason) {
    blocks.push({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: truncate(`Why they disagree: ${escapeMrkdwn(view.reason)}`, MAX_TEXT_OBJECT) },
      ],
    });
  }
  switch (state.status) {
    case 'open':
      blocks.push({
        type: 'actions',
        elements: (['keep_fact', 'correction_right', 'both_true'] as const).map((settlement) => ({
          type: 'button' as const,
          text: { type: 'plain_text' as const, text: SETTLEMENT_LABELS[settlement] },
          action_id: SETTLEMENT_ACTIONS[settlement],
          value: encodeCorrectionRef(view.correctionId),
          ...(settlement === 'keep_fact' ? { style: 'primary' as const } : {}),
        })),
      });
      break;
    case 'settled':
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: truncate(
              `*${SETTLEMENT_LABELS[state.settlement]}*, ${slackDate(state.at)}: ${describeSettlement(state.settlement, state.by, { agent: view.agent, factTitle: view.fact.title })}`,
              MAX_TEXT_OBJECT,
            ),
          },
        ],
      });
      break;
    case 'retired':
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${mentionUser(state.by)} retired the correction ${slackDate(state.at)} (not a correction): nothing to settle any more.`,
          },
        ],
      });
      break;
    default: {
      const unknown: never = state;
      throw new Error(`unknown dispute state ${JSON.stringify(unknown)}`);
    }
  }
  return {
    text: truncate(`A correction of ${view.agent} contradicts ${oneLine(view.fact.title)}`, MAX_TOP_LEVEL_TEXT),
    blocks,
  };
}

/**
 * The one line posted in the review thread once a dispute is settled; when the fact was kept,
 * it tells the correction's author.
 */
export function renderSettlementLine(input: {
  settlement: Settlement;
  by: string;
  author: string;
  agent: string;
  factTitle: string;
}): string {
  const title = `*${escapeMrkdwn(oneLine(input.factTitle))}*`;
  switch (input.settlement) {
    case 'keep_fact':
      return `${mentionUser(input.author)}: ${mentionUser(input.by)} kept ${title} as it is, so your correction is retired and \`${input.agent}\` keeps following the fact.`;
    case 'correction_right':
      return `${mentionUser(input.by)} found ${mentionUser(input.author)}'s correction right: \`${input.agent}\` follows it from its next run, and ${title} is marked as needing a change.`;
    case 'both_true':
      return `${mentionUser(input.by)} found both true: \`${input.agent}\` follows ${mentionUser(input.author)}'s correction as an exception to ${title}.`;
    default: {
      const unknown: never = input.settlement;
      throw new Error(`unknown settlement ${String(unknown)}`);
    }
  }
}

function quote(text: string): string {
  return `>${escapeMrkdwn(text).replace(/\n/g, '\n>')}`;
}
