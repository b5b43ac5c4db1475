import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { SlackMessage } from '../artifacts/artifact-type.js';
import { escapeMrkdwn, mentionUser } from '../block-kit/escape-mrkdwn.js';
import { MAX_SECTION_TEXT, MAX_TEXT_OBJECT, MAX_TOP_LEVEL_TEXT, truncate } from '../block-kit/limits.js';
import { slackDate } from '../block-kit/slack-date.js';
import type { Settlement } from '../db/schema.js';
import { actionIds } from './action-ids.js';

/** The fields of a correction that people see. */
export interface CorrectionView {
  id: string;
  agent: string;
  author: string;
  kind: string;
  target: string | null;
  instruction: string;
  extraction: string;
  created_at: Date;
  /** 'disputed' while a fact's owner has not settled it (the list says so). */
  status?: string;
  /** The fact (id) a disputed correction contradicts. */
  disputed_fact?: string | null;
}

/** The fact a disputed correction contradicts, as the thread names it. */
export interface DisputedFactView {
  title: string;
  /** Its `owner`, shown as a mention (user) or a handle (group). */
  ownerMention: string;
}

export type CorrectionAckState =
  | { status: 'active' }
  | { status: 'retired'; by: string }
  | { status: 'revising'; by: string }
  /** Held for the fact's owner; `ownerReached`: their card was sent. */
  | { status: 'disputed'; fact: DisputedFactView; ownerReached: boolean }
  /** Settled by the fact's owner: `outcome` says how, in a sentence. */
  | { status: 'settled'; settlement: Settlement; outcome: string };

const CorrectionRef = z.string().regex(/^[0-9a-f-]{8,64}$/);

/** A correction button's value: its id. */
export function encodeCorrectionRef(id: string): string {
  return id;
}

/** The correction id in a button value, or undefined for anything else (never throws). */
export function decodeCorrectionRef(value: string): string | undefined {
  const parsed = CorrectionRef.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** "tone · section 2" */
export function describeCorrection(c: Pick<CorrectionView, 'kind' | 'target'>): string {
  return c.target ? `${c.kind} · ${c.target}` : c.kind;
}

/**
 * The app's answer to a reply in a review thread: what it understood, and (while active)
 * **Revise** and **Not a correction**.
 */
export function renderCorrectionAck(input: { correction: CorrectionView; state: CorrectionAckState }): SlackMessage {
  const { correction, state } = input;
  const held = state.status === 'disputed' || (state.status === 'settled' && state.settlement === 'keep_fact');
  const understood =
    correction.extraction === 'failed'
      ? `:memo: Noted for \`${correction.agent}\`, as you wrote it (I could not structure it):`
      : held
        ? `:memo: Correction for \`${correction.agent}\` (${escapeMrkdwn(describeCorrection(correction))}):`
        : `:memo: Noted for \`${correction.agent}\` (${escapeMrkdwn(describeCorrection(correction))}). Its next runs will follow:`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${understood}\n>${escapeMrkdwn(correction.instruction).replace(/\n/g, '\n>')}`,
          MAX_SECTION_TEXT,
        ),
      },
    },
  ];
  const activeButtons: KnownBlock = {
    type: 'actions',
    elements: [
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Revise' },
        action_id: actionIds.correctionRevise,
        value: encodeCorrectionRef(correction.id),
        style: 'primary',
      },
      {
        type: 'button',
        text: { type: 'plain_text', text: 'Not a correction' },
        action_id: actionIds.correctionRetire,
        value: encodeCorrectionRef(correction.id),
      },
    ],
  };
  switch (state.status) {
    case 'active':
      blocks.push(activeButtons);
      break;
    case 'disputed': {
      const fact = `*${escapeMrkdwn(state.fact.title)}*, owned by ${state.fact.ownerMention}`;
      const text = state.ownerReached
        ? `:scales: This contradicts ${fact}: I asked them to settle it. Until then the agent follows the fact.`
        : `:scales: This contradicts ${fact}, but I could not reach them to settle it: please tell them. Until then the agent follows the fact.`;
      blocks.push(
        { type: 'section', text: { type: 'mrkdwn', text: truncate(text, MAX_SECTION_TEXT) } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'Not a correction' },
              action_id: actionIds.correctionRetire,
              value: encodeCorrectionRef(correction.id),
            },
          ],
        },
      );
      break;
    }
    case 'settled':
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(state.outcome, MAX_TEXT_OBJECT) }] });
      // Found right or both true: it is an active correction now, with the buttons of one.
      if (state.settlement !== 'keep_fact') blocks.push(activeButtons);
      break;
    case 'retired':
      blocks.push({
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `Retired by ${mentionUser(state.by)}: not used any more.` }],
      });
      break;
    case 'revising':
      blocks.push({
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `${mentionUser(state.by)} asked for a revision; it follows in this thread.` },
        ],
      });
      break;
    default: {
      const unknown: never = state;
      throw new Error(`unknown correction state ${JSON.stringify(unknown)}`);
    }
  }
  return {
    text: truncate(`Correction for ${correction.agent}: ${correction.instruction}`, MAX_TOP_LEVEL_TEXT),
    blocks,
  };
}

/**
 * `/coworker corrections <agent>`: the active corrections, and the disputed ones (waiting for a
 * fact's owner), each with a Retire button.
 */
export function renderCorrectionsList(
  agent: string,
  corrections: ReadonlyArray<CorrectionView & { times_used: number }>,
): SlackMessage {
  if (corrections.length === 0) {
    const text = `\`${agent}\` has no active corrections. Reply in the thread of one of its reviews to teach it something.`;
    return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const shown = corrections.slice(0, 45);
  const disputed = corrections.filter((c) => c.status === 'disputed').length;
  const heading =
    disputed === 0
      ? `*Active corrections of \`${agent}\`* (${corrections.length})`
      : `*Corrections of \`${agent}\`* (${corrections.length - disputed} active, ${disputed} disputed)`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `${heading}, newest first` },
    },
  ];
  for (const c of shown) {
    const use =
      c.status === 'disputed'
        ? `:scales: disputed: waiting for the owner of \`${c.disputed_fact ?? 'a team fact'}\` to settle it, given to no run`
        : `used in ${c.times_used} run${c.times_used === 1 ? '' : 's'}`;
    const meta = `*${escapeMrkdwn(describeCorrection(c))}* · by ${mentionUser(c.author)} ${slackDate(c.created_at)} · ${use}`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`${meta}\n>${escapeMrkdwn(c.instruction).replace(/\n/g, '\n>')}`, MAX_SECTION_TEXT),
      },
      accessory: {
        type: 'button',
        text: { type: 'plain_text', text: 'Retire' },
        action_id: actionIds.correctionRetire,
        value: encodeCorrectionRef(c.id),
      },
    });
  }
  if (corrections.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${corrections.length - shown.length} older ones not shown.` }],
    });
  }
  return { text: `${corrections.length} active corrections of ${agent}`, blocks };
}
