import type { KnownBlock } from '@slack/types';
import type { SlackMessage } from '../artifacts/artifact-type.js';
import { escapeMrkdwn, mentionOwner, mentionUser, oneLine } from '../block-kit/escape-mrkdwn.js';
import { MAX_HEADER_TEXT, MAX_SECTION_TEXT, MAX_TOP_LEVEL_TEXT, truncate } from '../block-kit/limits.js';
import { slackDate } from '../block-kit/slack-date.js';
import { actionIds, encodeFactRef } from './action-ids.js';
import { describeAge } from './sources-line.js';

/** What a verification request shows of a due fact (DESIGN.md "Team knowledge"). */
export interface FactCardView {
  fact: { id: string; version: number; title: string; owner: string; body: string; verifyEveryMs: number };
  /** When this version was last verified, or first seen (a change verifies it). */
  verifiedAt: Date;
  /** Who verified it last (absent: its change did, or it is not known). */
  verifiedBy?: string;
  dueAt: Date;
  /** The agents whose spec names the fact now. */
  agents: readonly string[];
  /** Runs given the fact in the last 30 days. */
  runs: number;
  state: FactCardState;
}

/** Where the request stands: waiting for its owner, or answered (who, when). */
export type FactCardState =
  | { status: 'pending' }
  | { status: 'verified'; by: string; at: Date }
  | { status: 'needs_change'; by: string; at: Date; note: string };

/** What of the fact's text a card quotes: the rest of a section's 3000, and of a message's text, is the card's own. */
const MAX_QUOTE = 2_600;
/** A note is at most this long (the modal's input says so too). */
const MAX_NOTE_SHOWN = 2_000;
const MAX_AGENTS_SHOWN = 10;

/**
 * The DM asking a fact's owner whether it is still true: its title, the fact quoted (cut, with
 * a word saying so, when long), version, age and due date, owner, the agents using it and its
 * runs in 30 days, then **Verify** / **Needs a change** while pending, or who answered what
 * (and no buttons). Within Block Kit limits for any fact. Pure.
 */
export function renderFactCard(view: FactCardView, now: Date): SlackMessage {
  const { fact, state } = view;
  const title = oneLine(fact.title);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`📚 ${title}`, MAX_HEADER_TEXT) } },
    { type: 'section', text: { type: 'mrkdwn', text: quoteFact(fact.id, fact.body) } },
    context(
      [
        `Version ${fact.version}`,
        `verified ${describeAge(view.verifiedAt, now)}${view.verifiedBy ? ` by ${mentionUser(view.verifiedBy)}` : ''}`,
        `due since ${slackDate(view.dueAt)}`,
        `owner ${mentionOwner(fact.owner)}`,
      ].join(' · '),
    ),
    context(describeUse(view.agents, view.runs)),
  ];
  switch (state.status) {
    case 'pending':
      blocks.splice(
        1,
        0,
        context(`It is due for verification: is it still true? Its agents follow it in every run that uses it.`),
      );
      blocks.push({
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Verify' },
            action_id: actionIds.factVerify,
            value: encodeFactRef({ fact: fact.id, version: fact.version }),
            style: 'primary',
          },
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Needs a change' },
            action_id: actionIds.factNeedsChange,
            value: encodeFactRef({ fact: fact.id, version: fact.version }),
          },
        ],
      });
      break;
    case 'verified':
      blocks.push(
        section(
          `✅ Verified by ${mentionUser(state.by)} ${slackDate(state.at)}. Due again ${slackDate(new Date(state.at.getTime() + fact.verifyEveryMs))}.`,
        ),
      );
      break;
    case 'needs_change':
      blocks.push(
        section(
          truncate(
            `🛠 Needs a change — ${mentionUser(state.by)} ${slackDate(state.at)}:\n${quote(escapeMrkdwn(truncate(state.note, MAX_NOTE_SHOWN)))}\n_Reviews show the fact as disputed until its file changes._`,
            MAX_SECTION_TEXT,
          ),
        ),
      );
      break;
    default: {
      const unknown: never = state;
      throw new Error(`unknown fact card state ${JSON.stringify(unknown)}`);
    }
  }
  return { text: truncate(fallbackText(title, state), MAX_TOP_LEVEL_TEXT), blocks };
}

function fallbackText(title: string, state: FactCardState): string {
  switch (state.status) {
    case 'pending':
      return `Is "${title}" still true? It is due for verification.`;
    case 'verified':
      return `"${title}" was verified by ${mentionUser(state.by)}.`;
    case 'needs_change':
      return `"${title}" needs a change, says ${mentionUser(state.by)}: ${state.note}`;
    default: {
      const unknown: never = state;
      throw new Error(`unknown fact card state ${JSON.stringify(unknown)}`);
    }
  }
}

/** The fact as a block quote, cut to fit one section with a word saying where the whole of it is. */
function quoteFact(id: string, body: string): string {
  const quoted = quote(escapeMrkdwn(body));
  if (quoted.length <= MAX_QUOTE) return quoted;
  return `${truncate(quoted, MAX_QUOTE)}\n_Shortened here: the whole fact is in \`${id}.md\`._`;
}

function quote(text: string): string {
  return `>${text.replace(/\n/g, '\n>')}`;
}

function describeUse(agents: readonly string[], runs: number): string {
  const runsText =
    runs === 0 ? 'no runs used it in the last 30 days' : `${runs} run${runs === 1 ? '' : 's'} in the last 30 days`;
  if (agents.length === 0) return `No agent uses it now · ${runsText}`;
  const shown = agents.slice(0, MAX_AGENTS_SHOWN).map((a) => `\`${escapeMrkdwn(oneLine(a))}\``);
  const more = agents.length > MAX_AGENTS_SHOWN ? ` and ${agents.length - MAX_AGENTS_SHOWN} more` : '';
  return truncate(`Used by ${shown.join(', ')}${more} · ${runsText}`, MAX_SECTION_TEXT);
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}
