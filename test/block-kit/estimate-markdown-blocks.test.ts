import { describe, expect, it } from 'vitest';
import { estimateMarkdownBlocks } from '../../src/block-kit/estimate-markdown-blocks.js';

describe('estimateMarkdownBlocks', () => {
  it('counts one block per paragraph', () => {
    expect(estimateMarkdownBlocks('one line')).toBe(1);
    expect(estimateMarkdownBlocks('**1. Title**\nbody\n- a\n- b')).toBe(1);
    expect(estimateMarkdownBlocks('a\n\nb\n\n\nc')).toBe(3);
    expect(estimateMarkdownBlocks('')).toBe(0);
  });

  it('counts headings, rules, tables and code fences as blocks of their own', () => {
    expect(estimateMarkdownBlocks('intro\n# Title\nmore')).toBe(3);
    expect(estimateMarkdownBlocks('a\n---\nb')).toBe(3);
    expect(estimateMarkdownBlocks('| a | b |\n| - | - |\n| 1 | 2 |\nafter')).toBe(2);
    expect(estimateMarkdownBlocks('```\ncode\n\n# not a heading\n```\nafter')).toBe(2);
    expect(estimateMarkdownBlocks('```\nunclosed\n\nstill code')).toBe(1);
  });

  it('is linear: a megabyte of prose is one pass', () => {
    expect(estimateMarkdownBlocks('word '.repeat(200_000))).toBe(1);
  });
});
