import { describe, expect, it } from 'vitest';
import { assertValidModal, assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { blockKitViolations, checkBlocks, checkView, modalViolations } from '../support/block-kit-checker.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, value = 'v') => ({
  type: 'button',
  text: { type: 'plain_text', text },
  action_id: 'a',
  value,
});
const cell = (text: string) => ({ type: 'raw_text', text });

describe('blockKitViolations (the checker other tests rely on)', () => {
  it('accepts a message within limits', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'Title' } },
      section('x'.repeat(3000)),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'ctx' }] },
      { type: 'markdown', text: 'y'.repeat(5000) },
      {
        type: 'table',
        rows: [
          [cell('a'), cell('b')],
          [cell('1'), cell('2')],
        ],
      },
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
    expect(blockKitViolations([{ type: 'table', rows: [[cell('')]] }])).toEqual([
      'blocks[0].rows[0][0].text: 0 characters < 1',
    ]);
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
    expect(blockKitViolations([md, md], { maxTotalText: 20_000 })).toEqual([
      'blocks: markdown blocks hold 14000 characters together > 12000',
    ]);
    expect(
      blockKitViolations([
        section('x'.repeat(3000)),
        section('x'.repeat(3000)),
        section('x'.repeat(3000)),
        section('x'.repeat(1001)),
      ]),
    ).toEqual(['blocks: 10001 characters of text in total > 10000']);
    const paragraphs = { type: 'markdown', text: Array.from({ length: 48 }, (_, i) => `Paragraph ${i}.`).join('\n\n') };
    expect(blockKitViolations([paragraphs, { type: 'divider' }, { type: 'divider' }])).toEqual([]);
    expect(blockKitViolations([paragraphs, { type: 'divider' }, { type: 'divider' }, { type: 'divider' }])).toEqual([
      'blocks: 51 blocks once Slack expands markdown > 50',
    ]);
    expect(blockKitViolations([{ type: 'video' }])).toEqual([
      'blocks[0]: block type "video" is not known to the checker',
    ]);
    expect(blockKitViolations([section('ok')], { text: '' })).toEqual(['text: 0 characters < 1']);
  });
});

const input = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'input',
  block_id: 'b',
  label: { type: 'plain_text', text: 'Label' },
  element: { action_id: 'value', ...element },
  ...extra,
});
const modal = (blocks: unknown[], extra: Record<string, unknown> = {}) => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Edit table' },
  submit: { type: 'plain_text', text: 'Approve edited' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks,
  ...extra,
});

describe('modalViolations (input blocks and modal views)', () => {
  it('accepts a modal of text, number and select inputs within limits', () => {
    const option = { text: { type: 'plain_text', text: 'yes' }, value: 'yes' };
    const view = modal(
      [
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Agent · version 2' }] },
        input(
          { type: 'plain_text_input', multiline: true, max_length: 3000, initial_value: 'x'.repeat(3000) },
          { hint: { type: 'plain_text', text: 'h' }, optional: true },
        ),
        input(
          { type: 'number_input', is_decimal_allowed: true, min_value: '0', max_value: '1', initial_value: '0.5' },
          { block_id: 'n' },
        ),
        input({ type: 'static_select', options: [option], initial_option: option }, { block_id: 's' }),
      ],
      { private_metadata: '{"artifactId":"a","version":1}', callback_id: 'review_edit_submit' },
    );
    expect(modalViolations(view)).toEqual([]);
    assertValidModal(view);
  });

  it('reports long values, labels and hints, and bad numbers and options', () => {
    const long = input(
      { type: 'plain_text_input', max_length: 3000, initial_value: 'x'.repeat(3001) },
      {
        label: { type: 'plain_text', text: 'l'.repeat(2001) },
        hint: { type: 'plain_text', text: 'h'.repeat(2001) },
      },
    );
    expect(modalViolations(modal([long]))).toEqual([
      'view.blocks[0].label.text: 2001 characters > 2000',
      'view.blocks[0].hint.text: 2001 characters > 2000',
      'view.blocks[0].element.initial_value: 3001 characters > 3000',
    ]);
    expect(modalViolations(modal([input({ type: 'plain_text_input', max_length: 5000 })]))).toEqual([
      'view.blocks[0].element.max_length: 5000 not in 1..3000',
    ]);
    expect(
      modalViolations(modal([input({ type: 'plain_text_input', max_length: 10, initial_value: 'x'.repeat(11) })])),
    ).toEqual(['view.blocks[0].element.initial_value: 11 characters > 10']);
    expect(
      modalViolations(
        modal([
          input({ type: 'number_input', is_decimal_allowed: true, min_value: '0', max_value: '1', initial_value: '5' }),
        ]),
      ),
    ).toEqual(['view.blocks[0].element.initial_value: 5 out of range']);
    const options = Array.from({ length: 101 }, (_, i) => ({
      text: { type: 'plain_text', text: 't'.repeat(i === 0 ? 76 : 1) },
      value: i === 1 ? 'v'.repeat(151) : `v${i}`,
    }));
    expect(
      modalViolations(
        modal([
          input({
            type: 'static_select',
            options,
            initial_option: { text: { type: 'plain_text', text: 'x' }, value: 'x' },
          }),
        ]),
      ),
    ).toEqual([
      'view.blocks[0].element.options: 101 items > 100',
      'view.blocks[0].element.options[0].text.text: 76 characters > 75',
      'view.blocks[0].element.options[1].value: 151 characters > 150',
      'view.blocks[0].element.initial_option: not one of the options',
    ]);
    expect(modalViolations(modal([input({ type: 'datepicker' })]))).toEqual([
      'view.blocks[0].element: element type "datepicker" is not known to the checker',
    ]);
  });

  it('reports the view fields: title, submit, close, metadata, a missing submit, 101 blocks, twice-used block ids', () => {
    const text = (n: number) => ({ type: 'plain_text', text: 'x'.repeat(n) });
    expect(
      modalViolations(
        modal([], { title: text(25), submit: text(25), close: text(25), private_metadata: 'm'.repeat(3001) }),
      ),
    ).toEqual([
      'view.title.text: 25 characters > 24',
      'view.submit.text: 25 characters > 24',
      'view.close.text: 25 characters > 24',
      'view.private_metadata: 3001 characters > 3000',
    ]);
    expect(modalViolations(modal([input({ type: 'plain_text_input' })], { submit: undefined }))).toEqual([
      'view.submit: required when the view has input blocks',
    ]);
    const blocks = Array.from({ length: 101 }, () => ({ type: 'divider' }));
    expect(modalViolations(modal(blocks))).toEqual(['view.blocks: 101 blocks > 100']);
    const twice = [input({ type: 'plain_text_input' }), input({ type: 'plain_text_input' })];
    expect(modalViolations(modal(twice))).toEqual(['view.blocks[1].block_id: "b" is used twice']);
  });
});

describe('checkBlocks and checkView (what Slack refuses, what only the stricter rules do)', () => {
  const lines = (violations: ReturnType<typeof checkBlocks>) =>
    violations.map((v) => `${v.kind} ${v.path}: ${v.problem}${v.slackError ? ` (${v.slackError})` : ''}`);
  const dividers = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));

  it('tells the limits the fake Slack server enforces from the stricter rules of the unit tests', () => {
    const table = { type: 'table', rows: [[cell('a')]] };
    expect(lines(checkBlocks([table, table]))).toEqual(['slack blocks: 2 table blocks > 1 (invalid_attachments)']);
    expect(lines(checkBlocks([], { text: 'x'.repeat(40_001) }))).toEqual([
      'strict text: 40001 characters > 3000',
      'slack text: 40001 characters > 40000 (msg_too_long)',
    ]);
    const linkButton = { type: 'button', text: { type: 'plain_text', text: 'Go' }, url: 'https://example.com' };
    expect(
      lines(
        checkBlocks([
          { type: 'image' },
          section(' '),
          { type: 'actions', elements: [linkButton] },
          { type: 'markdown', block_id: 'm', text: 'one' },
          { type: 'markdown', block_id: 'm', text: 'two' },
        ]),
      ),
    ).toEqual([
      'strict blocks[0]: block type "image" is not known to the checker',
      'strict blocks[1].text.text: only whitespace',
      'strict blocks[2].elements[0].action_id: not a string',
      'strict blocks[4].block_id: "m" is used twice',
    ]);
    const options = Array.from({ length: 11 }, (_, i) => ({
      text: { type: 'plain_text', text: `o${i}` },
      value: `v${i}`,
    }));
    const longInput = { type: 'plain_text_input', action_id: 'v', max_length: '5000' };
    expect(
      lines(
        checkBlocks([
          { type: 'actions', elements: [{ type: 'checkboxes', action_id: 'c', options }] },
          { type: 'input', label: { type: 'plain_text', text: 'L' }, element: longInput },
        ]),
      ),
    ).toEqual([
      'strict blocks[0].elements[0]: element type "checkboxes" is not known to the checker',
      'slack blocks[0].elements[0].options: 11 items > 10',
      'strict blocks[1].element.max_length: not an integer',
      'slack blocks[1].element.max_length: 5000 not in 1..3000',
    ]);
  });

  it('checks App Home views as well as modals: 100 blocks, metadata, callback id, the view type', () => {
    expect(checkView({ type: 'home', blocks: dividers(100) })).toEqual([]);
    const home = {
      type: 'home',
      blocks: dividers(101),
      private_metadata: 'm'.repeat(3001),
      callback_id: 'c'.repeat(256),
    };
    expect(lines(checkView(home))).toEqual([
      'slack view.private_metadata: 3001 characters > 3000',
      'slack view.callback_id: 256 characters > 255',
      'slack view.blocks: 101 blocks > 100',
    ]);
    expect(lines(checkView({ type: 'workflow', blocks: [] }))).toEqual([
      'slack view.type: "workflow", must be modal or home',
      'slack view.title: not a text object',
    ]);
    expect(lines(checkView({ type: 'modal', title: { type: 'plain_text', text: 'T' } }))).toEqual([
      'slack view.blocks: not an array',
    ]);
  });
});
