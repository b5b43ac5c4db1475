import type { ContextBlock, KnownBlock } from '@slack/types';
import { MAX_BLOCKS_PER_MESSAGE, MAX_MESSAGE_TEXT, MAX_TOP_LEVEL_TEXT, truncate } from '../block-kit/limits.js';
import { packLines } from '../block-kit/pack-lines.js';
import type { SlackMessage } from './artifact-type.js';

/** How a list artifact names what it holds: `changes` / `Changes (3 changes)`, `actions` / `Actions (2 calls)`. */
export interface ListNouns {
  /** One item, in sentences: "…1 more change not shown". */
  item: string;
  /** The items, plural, in sentences: "No changes proposed.", "…4 more changes were cut". */
  items: string;
  /** The title of the post. */
  title: string;
  /** One and many in the post's count. */
  counted: readonly [one: string, many: string];
}

/**
 * What `on_approve.post` sends for an artifact that is a list of proposals (changes, actions):
 * one bullet line each, within a message's Block Kit limits (what does not fit is cut, saying
 * so), under a title that counts them.
 */
export function renderListPost(lines: readonly string[], nouns: ListNouns): SlackMessage {
  if (lines.length === 0) return { text: `No ${nouns.items}.`, blocks: [nothingProposed(nouns.items)] };
  const packed = packLines(
    lines.map((line) => `• ${line}`),
    {
      maxBlocks: MAX_BLOCKS_PER_MESSAGE,
      maxChars: MAX_MESSAGE_TEXT,
      more: (hidden) => `_…${hidden} more ${nouns.items} were cut to fit Slack_`,
    },
  );
  const count = `${lines.length} ${lines.length === 1 ? nouns.counted[0] : nouns.counted[1]}`;
  return { text: truncate(`${nouns.title} (${count})`, MAX_TOP_LEVEL_TEXT), blocks: packed.blocks };
}

/**
 * The review surface of such an artifact: numbered lines (`*2.* …`) within `maxBlocks` and
 * `maxChars`, a line saying how many were left out, `truncated` when anything was cut (a line
 * cut short, or lines left out).
 */
export function renderListReview(
  lines: ReadonlyArray<{ text: string; cut: boolean }>,
  nouns: ListNouns,
  maxBlocks: number,
  maxChars: number,
): { blocks: KnownBlock[]; truncated: boolean } {
  if (lines.length === 0) return { blocks: [nothingProposed(nouns.items)], truncated: false };
  const packed = packLines(
    lines.map((line, i) => `*${i + 1}.* ${line.text}`),
    { maxBlocks, maxChars, more: (hidden) => `_…${hidden} more ${hidden === 1 ? nouns.item : nouns.items} not shown_` },
  );
  return { blocks: packed.blocks, truncated: packed.truncated || lines.some((line) => line.cut) };
}

/** The one block of an empty list: "_No changes proposed._". */
export function nothingProposed(items: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: `_No ${items} proposed._` }] };
}
