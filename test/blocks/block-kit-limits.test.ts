import { describe, expect, it } from 'vitest';
import { assertWithinBlockKitLimits, blockKitViolations } from './block-kit-limits.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value = 'v') => ({ type: 'button', text: { type: 'plain_text', text }, action_id: 'a', value });
const cell = (text: string) => ({ type: 'raw_text', text });

describe('blockKitViolations (the checker other tests rely on)', () => {
  it('accepts a message within limits', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Title' } },
      section('x'.repeat(3000)),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] },
      { type: 'markdown', text: 'y'.repeat(5000) },
      { type: 'table', rows: [[cell('a'), cell('b')], [cell('1'), cell('2')]] },
      { type: 'divider' },
      { type: 'actions', elements: [button('Approve')] },
    ];
    expect(blockKitViolations(blocks, { text: 'fallback' })).toEqual([]);
    assertWithinBlockKitLimits(blocks);
  });

  it('reports too many blocks, long texts and a second table', () => {
    const many = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(blockKitViolations(many)).toEqual(['blocks: 51 blocks > 50']);
    expect(blockKitViolations(many, { maxBlocks: 100 })).toEqual([]);
    expect(blockKitViolations([section('x'.repeat(3001))])).toEqual(['blocks[0].text.text: 3001 characters > 3000']);
    expect(blockKitViolations([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).toEqual([
      'blocks[0].text.text: 151 characters > 150',
    ]);
    const table = { type: 'table', rows: [[cell('a')]] };
    expect(blockKitViolations([table, table])).toEqual(['blocks: 2 table blocks > 1']);
  });

  it('reports table shape problems: rows, cells, empty cells, ragged rows', () => {
    const rows = Array.from({ length: 101 }, () => [cell('x')]);
    expect(blockKitViolations([{ type: 'table', rows }])).toContain('blocks[0].rows: 101 items > 100');
    const wide = [Array.from({ length: 21 }, () => cell('x'))];
    expect(blockKitViolations([{ type: 'table', rows: wide }])).toContain('blocks[0].rows[0]: 21 items > 20');
    expect(blockKitViolations([{ type: 'table', rows: [[cell('')]] }])).toEqual(['blocks[0].rows[0][0].text: 0 characters < 1']);
    expect(blockKitViolations([{ type: 'table', rows: [[cell('a'), cell('b')], [cell('c')]] }])).toEqual([
      'blocks[0].rows: rows of different lengths (2, 1)',
    ]);
  });

  it('reports buttons, context elements, the markdown total, the text budget and unknown blocks', () => {
    expect(blockKitViolations([{ type: 'actions', elements: [button('b'.repeat(76), 'v'.repeat(2001))] }])).toEqual([
      'blocks[0].elements[0].text.text: 76 characters > 75',
      'blocks[0].elements[0].value: 2001 characters > 2000',
    ]);
    const elements = Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' }));
    expect(blockKitViolations([{ type: 'context', elements }])).toEqual(['blocks[0].elements: 11 items > 10']);
    const md = { type: 'markdown', text: 'm'.repeat(7000) };
    expect(blockKitViolations([md, md], { maxTotalText: 20_000 })).toEqual(['blocks: markdown blocks hold 14000 characters together > 12000']);
    expect(blockKitViolations([section('x'.repeat(3000)), section('x'.repeat(3000)), section('x'.repeat(3000)), section('x'.repeat(1001))])).toEqual([
      'blocks: 10001 characters of text in total > 10000',
    ]);
    const paragraphs = { type: 'markdown', text: Array.from({ length: 48 }, (_, i) => `Paragraph ${i}.`).join('\n\n') };
    expect(blockKitViolations([paragraphs, { type: 'divider' }, { type: 'divider' }])).toEqual([]);
    expect(blockKitViolations([paragraphs, { type: 'divider' }, { type: 'divider' }, { type: 'divider' }])).toEqual([
      'blocks: 51 blocks once Slack expands markdown > 50',
    ]);
    expect(blockKitViolations([{ type: 'video' }])).toEqual(['blocks[0]: block type "video" is not known to the checker']);
    expect(blockKitViolations([section('ok')], { text: '' })).toEqual(['text: 0 characters < 1']);
  });
});
