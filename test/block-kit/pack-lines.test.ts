import { describe, expect, it } from 'vitest';
import { MAX_SECTION_TEXT } from '../../src/block-kit/limits.js';
import { packLines } from '../../src/block-kit/pack-lines.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const more = (hidden: number) => `…${hidden} more`;

describe('packLines', () => {
  it('packs short lines into one section', () => {
    const packed = packLines(['a', 'b', 'c'], { maxBlocks: 10, maxChars: 1000, more });
    expect(packed).toEqual({
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'a\nb\nc' } }],
      truncated: false,
      shown: 3,
    });
  });

  it('starts a new section rather than exceed 3000 characters', () => {
    const line = 'x'.repeat(1000);
    const packed = packLines([line, line, line, line], { maxBlocks: 10, maxChars: 10_000, more });
    expect(packed.blocks.map((b) => textOf(b).length)).toEqual([2001, 2001]);
    expect(packed.truncated).toBe(false);
  });

  it('leaves lines out with a note when the budget runs out', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i + 1} ${'y'.repeat(50)}`);
    const packed = packLines(lines, { maxBlocks: 5, maxChars: 2000, more });
    assertWithinBlockKitLimits(packed.blocks, { maxTotalText: 2000 });
    expect(packed.truncated).toBe(true);
    expect(packed.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…${1000 - packed.shown} more` }],
    });
    expect(textOf(packed.blocks)).toContain('line 1 ');
  });

  it('cuts a line longer than a section and keeps going', () => {
    const packed = packLines(['z'.repeat(5000), 'next'], { maxBlocks: 10, maxChars: 8000, more });
    expect(packed.truncated).toBe(true);
    expect(packed.shown).toBe(2);
    expect(textOf(packed.blocks[0])).toHaveLength(MAX_SECTION_TEXT);
    expect(textOf(packed.blocks[1])).toBe('next');
  });

  it('respects a budget of one block', () => {
    const packed = packLines(['a'.repeat(2000), 'b'.repeat(2000)], { maxBlocks: 1, maxChars: 8000, more });
    expect(packed.blocks).toHaveLength(1);
    expect(packed.truncated).toBe(true);
  });

  it('keeps blank lines between others and never emits a blank section', () => {
    expect(textOf(packLines(['a', '', 'b'], { maxBlocks: 1, maxChars: 100, more }).blocks)).toBe('a\n \nb');
    const blank = packLines(['', ''], { maxBlocks: 1, maxChars: 100, more });
    expect(blank.blocks).toEqual([]);
    assertWithinBlockKitLimits(blank.blocks);
  });
});
