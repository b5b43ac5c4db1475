import type { KnownBlock } from '@slack/types';
import { blockTextLength, MAX_SECTION_TEXT, truncate } from './limits.js';

/** How {@link packLines} may spend its budget. */
export interface PackLinesOptions {
  /** Blocks it may return, the "more" note included. */
  maxBlocks: number;
  /** Total text characters it may return, the "more" note included. */
  maxChars: number;
  /** The context note shown when lines were left out, e.g. `…12 more items not shown`. */
  more: (hidden: number) => string;
}

/** What {@link packLines} produced. */
export interface PackedLines {
  blocks: KnownBlock[];
  /** True when a line was cut or lines were left out. */
  truncated: boolean;
  /** How many lines (from the start) appear, the last one possibly cut. */
  shown: number;
}

// A line cut to fit the remaining budget is only worth showing when this much of it remains.
const MIN_PARTIAL_LINE = 200;
const NEWLINE = 1;

/**
 * Packs ready-made mrkdwn lines (already escaped) into as few `section` blocks as possible, each
 * at most {@link MAX_SECTION_TEXT} characters, within `maxBlocks` and `maxChars`. A line longer
 * than a section is cut. When not every line fits, the lines that do are followed by a context
 * block with `more(hidden)`. Never exceeds the budget; returns no blocks for no lines.
 */
export function packLines(lines: readonly string[], options: PackLinesOptions): PackedLines {
  const all = pack(lines, options.maxBlocks, options.maxChars);
  if (all.shown === lines.length && !all.cut) return { blocks: all.blocks, truncated: false, shown: all.shown };

  const note = (hidden: number): KnownBlock => ({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(options.more(hidden), MAX_SECTION_TEXT) }],
  });
  // Reserve room for the note (its length with the largest possible count), then pack again.
  const noteChars = blockTextLength(note(lines.length));
  const some = pack(lines, options.maxBlocks - 1, options.maxChars - noteChars);
  const hidden = lines.length - some.shown;
  const blocks =
    hidden > 0 && options.maxBlocks >= 1 && options.maxChars >= noteChars
      ? [...some.blocks, note(hidden)]
      : some.blocks;
  return { blocks, truncated: true, shown: some.shown };
}

function pack(lines: readonly string[], maxBlocks: number, maxChars: number) {
  const texts: string[] = [];
  let used = 0;
  let shown = 0;
  let cut = false;
  for (const raw of lines) {
    // A section's text may not be empty: a blank line keeps its place as a space.
    const line = raw.length > 0 ? raw : ' ';
    const last = texts.at(-1);
    if (
      last !== undefined &&
      last.length + NEWLINE + line.length <= MAX_SECTION_TEXT &&
      used + NEWLINE + line.length <= maxChars
    ) {
      texts[texts.length - 1] = `${last}\n${line}`;
      used += NEWLINE + line.length;
      shown += 1;
      continue;
    }
    if (texts.length >= maxBlocks) break;
    const room = Math.min(maxChars - used, MAX_SECTION_TEXT);
    if (line.length <= room) {
      texts.push(line);
      used += line.length;
      shown += 1;
      continue;
    }
    if (room < MIN_PARTIAL_LINE) break;
    // Show the start of the line in a block of its own.
    const start = truncate(line, room);
    texts.push(start);
    used += start.length;
    shown += 1;
    cut ||= start !== line;
    // Cut by the budget: nothing more fits. Cut only because a section is too small: go on.
    if (room < MAX_SECTION_TEXT) break;
  }
  // A section of nothing but blank lines says nothing, and Slack wants visible text.
  const blocks: KnownBlock[] = texts
    .filter((text) => text.trim() !== '')
    .map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  return { blocks, shown, cut };
}
