import type { KnownBlock } from '@slack/types';

// Slack's documented Block Kit limits (docs.slack.dev, block reference pages).

/** Blocks in one message. */
export const MAX_BLOCKS_PER_MESSAGE = 50;
/** Blocks in one modal or Home tab view. */
export const MAX_BLOCKS_PER_VIEW = 100;
/** `block_id` length. */
export const MAX_BLOCK_ID = 255;
/** A section's `text` (minimum 1). */
export const MAX_SECTION_TEXT = 3000;
/** Items in a section's `fields`. */
export const MAX_SECTION_FIELDS = 10;
/** Each text in a section's `fields`. */
export const MAX_FIELD_TEXT = 2000;
/** A header's plain text. */
export const MAX_HEADER_TEXT = 150;
/** Elements in a context block. */
export const MAX_CONTEXT_ELEMENTS = 10;
/** Any text object (context elements included). */
export const MAX_TEXT_OBJECT = 3000;
/** Elements in an actions block. */
export const MAX_ACTIONS_ELEMENTS = 25;
/** A button's visible text (Slack shows about 30). */
export const MAX_BUTTON_TEXT = 75;
/** A button's `value`. */
export const MAX_BUTTON_VALUE = 2000;
/** An element's `action_id`. */
export const MAX_ACTION_ID = 255;
/** A `markdown` block's text; Slack also caps the sum over all markdown blocks of a payload at this. */
export const MAX_MARKDOWN_TEXT = 12_000;
/** Rows in a `table` block (the header row included). */
export const MAX_TABLE_ROWS = 100;
/** Cells in one row of a `table` block, and entries in its `column_settings`. */
export const MAX_TABLE_CELLS = 20;
/** `table` blocks in one message: a second one is rejected with `invalid_attachments`. */
export const MAX_TABLES_PER_MESSAGE = 1;
/** A `plain_text_input`'s `max_length` (1..3000), hence the longest `initial_value` a reviewer can submit back. */
export const MAX_INPUT_VALUE = 3000;
/** An input block's `label` text. */
export const MAX_INPUT_LABEL = 2000;
/** An input block's `hint` text. */
export const MAX_INPUT_HINT = 2000;
/** An element's `placeholder` text. */
export const MAX_PLACEHOLDER = 150;
/** Options in a `static_select`. */
export const MAX_SELECT_OPTIONS = 100;
/** An option's visible text. */
export const MAX_OPTION_TEXT = 75;
/** An option's `value`. */
export const MAX_OPTION_VALUE = 150;
/** A modal's `title`, `submit` and `close` texts. */
export const MAX_VIEW_TITLE = 24;
/** A view's `private_metadata`. */
export const MAX_PRIVATE_METADATA = 3000;
/** A view's `callback_id`. */
export const MAX_CALLBACK_ID = 255;

// Our own, safer-than-Slack budgets.

/**
 * The top-level `text` (notification fallback). Slack accepts far more, but it is also what
 * old clients and notifications show, so we keep it short enough to be read.
 */
export const MAX_TOP_LEVEL_TEXT = 3000;
/**
 * The sum of all text in one message's blocks. Slack rejects long payloads with
 * `msg_blocks_too_long` at an undocumented total of roughly 12,000–13,000 characters
 * (slackapi/bolt-js#2509, #2867), whatever the per-block limits say; 10,000 leaves room for
 * the block containers Slack also counts.
 */
export const MAX_MESSAGE_TEXT = 10_000;
/** What an artifact's review surface may use of {@link MAX_MESSAGE_TEXT}; the rest is the review chrome. */
export const REVIEW_SURFACE_TEXT = 8_000;
/** A table cell's text: Slack documents no per-cell limit for `table`, its `data_table` caps a table at 10,000 characters. */
export const MAX_TABLE_CELL_TEXT = 500;

const ELLIPSIS = '…';
// Slack's three mrkdwn entities; a cut must not leave half of one behind.
const ENTITY_AT_END = /&(?:a|am|amp|l|lt|g|gt)?$/;

/**
 * Shortens `text` to at most `max` characters (UTF-16 code units, which is at least what Slack
 * counts), ending with "…" when it cut. Never splits a surrogate pair or a `&amp;`/`&lt;`/`&gt;`
 * entity, so escaped mrkdwn stays valid. Returns `text` unchanged when it fits; `''` when `max < 1`.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < 1) return '';
  let cut = text.slice(0, max - ELLIPSIS.length);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const entity = ENTITY_AT_END.exec(cut);
  if (entity && /^&(?:amp|lt|gt);/.test(text.slice(entity.index))) cut = cut.slice(0, entity.index);
  return cut.trimEnd() + ELLIPSIS;
}

/**
 * The number of text characters in a block tree: the sum of every string property named
 * `text`, at any depth. This is the quantity Slack's total payload limit is about.
 */
export function blockTextLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, child) => sum + blockTextLength(child), 0);
  if (node === null || typeof node !== 'object') return 0;
  let sum = 0;
  for (const [key, value] of Object.entries(node)) {
    sum += key === 'text' && typeof value === 'string' ? value.length : blockTextLength(value);
  }
  return sum;
}

/** Caps for {@link fitBlocks}. */
export interface BlockBudget {
  maxBlocks: number;
  maxChars: number;
}

/**
 * Keeps the longest prefix of `blocks` that fits the budget (block count and total text, as
 * measured by {@link blockTextLength}). A safety net after rendering; `truncated` is true when
 * something was dropped.
 */
export function fitBlocks(
  blocks: readonly KnownBlock[],
  budget: BlockBudget,
): { blocks: KnownBlock[]; truncated: boolean } {
  const kept: KnownBlock[] = [];
  let chars = 0;
  for (const block of blocks) {
    const length = blockTextLength(block);
    if (kept.length >= budget.maxBlocks || chars + length > budget.maxChars) break;
    kept.push(block);
    chars += length;
  }
  return { blocks: kept, truncated: kept.length < blocks.length };
}
