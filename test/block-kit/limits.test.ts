import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  blockTextLength,
  fitBlocks,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MARKDOWN_TEXT,
  MAX_SECTION_TEXT,
  truncate,
} from '../../src/block-kit/limits.js';

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('hello', 5)).toBe('hello');
    expect(truncate('', 0)).toBe('');
  });

  it('cuts with an ellipsis and never exceeds max', () => {
    expect(truncate('hello world', 8)).toBe('hello w…');
    for (let max = 0; max < 30; max += 1)
      expect(truncate('The quick brown fox jumps over the lazy dog', max).length).toBeLessThanOrEqual(max);
    expect(truncate('x'.repeat(1_000_000), MAX_SECTION_TEXT)).toHaveLength(MAX_SECTION_TEXT);
  });

  it('does not leave trailing whitespace before the ellipsis', () => {
    expect(truncate('hello   world', 9)).toBe('hello…');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀cd', 4); // "ab" + half of the emoji would be 3 units
    expect(cut).toBe('ab…');
    expect(cut.isWellFormed()).toBe(true);
  });

  it('never leaves half of an escaped entity', () => {
    expect(truncate('a &lt; b', 5)).toBe('a…');
    expect(truncate('a &amp;&amp; b', 8)).toBe('a &amp;…');
    expect(truncate('a &amp;&amp; b', 7)).toBe('a…');
    expect(truncate('a &b c d', 5)).toBe('a &b…'); // a bare "&" is not an entity
  });
});

describe('blockTextLength', () => {
  it('sums every text string at any depth', () => {
    const blocks: KnownBlock[] = [
      { type: 'section', text: { type: 'mrkdwn', text: 'abc' } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Go' },
            action_id: 'id_is_not_text',
            value: 'nor_is_value',
          },
        ],
      },
      { type: 'table', rows: [[{ type: 'raw_text', text: '1234' }]] },
    ];
    expect(blockTextLength(blocks)).toBe(3 + 2 + 4);
  });
});

describe('fitBlocks', () => {
  const section = (n: number): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(n) } });

  it('keeps everything that fits', () => {
    expect(fitBlocks([section(10), section(10)], { maxBlocks: 2, maxChars: 20 })).toEqual({
      blocks: [section(10), section(10)],
      truncated: false,
    });
  });

  it('keeps the longest prefix within the block count and the text budget', () => {
    const blocks = Array.from({ length: 60 }, () => section(10));
    expect(fitBlocks(blocks, { maxBlocks: MAX_BLOCKS_PER_MESSAGE, maxChars: MAX_MARKDOWN_TEXT }).blocks).toHaveLength(
      50,
    );
    const fitted = fitBlocks([section(10), section(10), section(1)], { maxBlocks: 10, maxChars: 15 });
    expect(fitted).toEqual({ blocks: [section(10)], truncated: true });
  });
});
