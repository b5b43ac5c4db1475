import { expect } from 'vitest';

/**
 * Slack's Block Kit limits, written out here independently of `src/blocks/limits.ts` so that a
 * wrong constant there is caught rather than mirrored.
 */
const SLACK = {
  blocksPerMessage: 50,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  textObject: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  url: 3000,
  markdownText: 12_000,
  tableRows: 100,
  tableCells: 20,
  tablesPerMessage: 1,
  topLevelText: 3000,
  blocksPerView: 100,
  inputLabel: 2000,
  inputHint: 2000,
  inputValue: 3000,
  placeholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

/**
 * Our own caps on top of Slack's documented ones: the total text of a message (Slack answers
 * `msg_blocks_too_long` at roughly 12–13k characters) and the text of a table (documented as
 * 10,000 characters for `data_table`).
 */
const BUDGET = { messageText: 10_000, tableText: 10_000 } as const;

/** Options for {@link blockKitViolations}. */
export interface BlockKitCheck {
  /** Blocks allowed: 50 for a message (default), 100 for a modal or Home tab. */
  maxBlocks?: number;
  /** The top-level `text` sent with the blocks, when there is one: checked to be 1..3000 characters. */
  text?: string;
  /** The total text budget of the blocks (default 10,000). */
  maxTotalText?: number;
}

type Node = Record<string, unknown>;

/**
 * Walks a message's blocks and lists every Block Kit limit they break, as
 * `blocks[3].text.text: 3001 characters > 3000`; empty when they are all within limits.
 * Unknown block types are reported too: teach the checker a new type before rendering it.
 */
export function blockKitViolations(blocks: readonly unknown[], check: BlockKitCheck = {}): string[] {
  const out: string[] = [];
  const maxBlocks = check.maxBlocks ?? SLACK.blocksPerMessage;
  if (blocks.length > maxBlocks) out.push(`blocks: ${blocks.length} blocks > ${maxBlocks}`);
  // Slack expands a markdown block into blocks of its own, and those count too.
  const expanded = blocks.reduce<number>(
    (sum, b) => sum + (isNode(b) && b.type === 'markdown' && typeof b.text === 'string' ? markdownBlocks(b.text) : 1),
    0,
  );
  if (blocks.length <= maxBlocks && expanded > maxBlocks)
    out.push(`blocks: ${expanded} blocks once Slack expands markdown > ${maxBlocks}`);
  if (check.text !== undefined) length(out, 'text', check.text, 1, SLACK.topLevelText);

  let markdown = 0;
  let tables = 0;
  const blockIds = new Set<unknown>();
  blocks.forEach((raw, i) => {
    const path = `blocks[${i}]`;
    if (!isNode(raw) || typeof raw.type !== 'string') {
      out.push(`${path}: not a block`);
      return;
    }
    if (raw.block_id !== undefined) {
      length(out, `${path}.block_id`, raw.block_id, 1, SLACK.blockId);
      if (blockIds.has(raw.block_id)) out.push(`${path}.block_id: "${String(raw.block_id)}" is used twice`);
      blockIds.add(raw.block_id);
    }
    switch (raw.type) {
      case 'section':
        if (raw.text === undefined && raw.fields === undefined) out.push(`${path}: a section needs text or fields`);
        if (raw.text !== undefined) textObject(out, `${path}.text`, raw.text, SLACK.sectionText);
        if (raw.fields !== undefined) {
          for (const [j, field] of list(out, `${path}.fields`, raw.fields, 1, SLACK.sectionFields).entries()) {
            textObject(out, `${path}.fields[${j}]`, field, SLACK.fieldText);
          }
        }
        if (raw.accessory !== undefined) element(out, `${path}.accessory`, raw.accessory);
        break;
      case 'header':
        textObject(out, `${path}.text`, raw.text, SLACK.headerText, 'plain_text');
        break;
      case 'context':
        list(out, `${path}.elements`, raw.elements, 1, SLACK.contextElements).forEach((el, j) => {
          if (isNode(el) && el.type === 'image') return;
          textObject(out, `${path}.elements[${j}]`, el, SLACK.textObject);
        });
        break;
      case 'actions':
        for (const [j, el] of list(out, `${path}.elements`, raw.elements, 1, SLACK.actionsElements).entries()) {
          element(out, `${path}.elements[${j}]`, el);
        }
        break;
      case 'markdown':
        length(out, `${path}.text`, raw.text, 1, SLACK.markdownText);
        markdown += typeof raw.text === 'string' ? raw.text.length : 0;
        break;
      case 'table':
        tables += 1;
        table(out, path, raw);
        break;
      case 'divider':
        break;
      case 'input':
        textObject(out, `${path}.label`, raw.label, SLACK.inputLabel, 'plain_text');
        if (raw.hint !== undefined) textObject(out, `${path}.hint`, raw.hint, SLACK.inputHint, 'plain_text');
        if (raw.optional !== undefined && typeof raw.optional !== 'boolean')
          out.push(`${path}.optional: not a boolean`);
        inputElement(out, `${path}.element`, raw.element);
        break;
      default:
        out.push(`${path}: block type "${raw.type}" is not known to the checker`);
    }
  });
  if (markdown > SLACK.markdownText)
    out.push(`blocks: markdown blocks hold ${markdown} characters together > ${SLACK.markdownText}`);
  if (tables > SLACK.tablesPerMessage) out.push(`blocks: ${tables} table blocks > ${SLACK.tablesPerMessage}`);
  const total = textLength(blocks);
  const maxTotal = check.maxTotalText ?? BUDGET.messageText;
  if (total > maxTotal) out.push(`blocks: ${total} characters of text in total > ${maxTotal}`);
  return out;
}

/**
 * Lists every limit a modal view breaks: its own fields (title, submit and close at most 24
 * characters, a submit button when it has inputs, `private_metadata`, `callback_id`) and its
 * blocks (at most 100). Slack documents no total text limit for a view, so none is checked
 * unless `maxTotalText` is given.
 */
export function modalViolations(view: unknown, check: { maxTotalText?: number } = {}): string[] {
  if (!isNode(view)) return ['view: not an object'];
  const out: string[] = [];
  if (view.type !== 'modal') out.push(`view.type: "${String(view.type)}", must be modal`);
  textObject(out, 'view.title', view.title, SLACK.viewTitle, 'plain_text');
  if (view.submit !== undefined) textObject(out, 'view.submit', view.submit, SLACK.viewTitle, 'plain_text');
  if (view.close !== undefined) textObject(out, 'view.close', view.close, SLACK.viewTitle, 'plain_text');
  if (view.private_metadata !== undefined)
    length(out, 'view.private_metadata', view.private_metadata, 0, SLACK.privateMetadata);
  if (view.callback_id !== undefined) length(out, 'view.callback_id', view.callback_id, 1, SLACK.callbackId);
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (!Array.isArray(view.blocks)) out.push('view.blocks: not an array');
  if (view.submit === undefined && blocks.some((b) => isNode(b) && b.type === 'input'))
    out.push('view.submit: required when the view has input blocks');
  const inner = blockKitViolations(blocks, {
    maxBlocks: SLACK.blocksPerView,
    maxTotalText: check.maxTotalText ?? Number.POSITIVE_INFINITY,
  });
  return [...out, ...inner.map((violation) => `view.${violation}`)];
}

/** Fails the test, listing every violation, unless `view` is a modal within Block Kit limits. */
export function assertValidModal(view: unknown, check: { maxTotalText?: number } = {}): void {
  expect(modalViolations(view, check)).toEqual([]);
}

/** Fails the test, listing every violation, unless `blocks` (and `text`) are within Block Kit limits. */
export function assertWithinBlockKitLimits(blocks: readonly unknown[], check: BlockKitCheck = {}): void {
  expect(blockKitViolations(blocks, check)).toEqual([]);
}

function table(out: string[], path: string, block: Node): void {
  const rows = list(out, `${path}.rows`, block.rows, 1, SLACK.tableRows);
  const widths = new Set<number>();
  let text = 0;
  rows.forEach((row, r) => {
    const cells = list(out, `${path}.rows[${r}]`, row, 1, SLACK.tableCells);
    widths.add(cells.length);
    cells.forEach((cell, c) => {
      const cellPath = `${path}.rows[${r}][${c}]`;
      if (!isNode(cell)) {
        out.push(`${cellPath}: not a cell`);
        return;
      }
      if (cell.type === 'raw_text' || cell.type === 'raw_number') {
        length(out, `${cellPath}.text`, cell.text, 1, Number.POSITIVE_INFINITY);
        text += typeof cell.text === 'string' ? cell.text.length : 0;
      } else if (cell.type !== 'rich_text') out.push(`${cellPath}: cell type "${String(cell.type)}"`);
    });
  });
  if (widths.size > 1) out.push(`${path}.rows: rows of different lengths (${[...widths].join(', ')})`);
  if (text > BUDGET.tableText) out.push(`${path}: ${text} characters in cells > ${BUDGET.tableText}`);
  if (block.column_settings !== undefined)
    list(out, `${path}.column_settings`, block.column_settings, 0, SLACK.tableCells);
}

function element(out: string[], path: string, el: unknown): void {
  if (!isNode(el)) {
    out.push(`${path}: not an element`);
    return;
  }
  if (el.type !== 'button')
    return void out.push(`${path}: element type "${String(el.type)}" is not known to the checker`);
  textObject(out, `${path}.text`, el.text, SLACK.buttonText, 'plain_text');
  length(out, `${path}.action_id`, el.action_id, 1, SLACK.actionId);
  if (el.value !== undefined) length(out, `${path}.value`, el.value, 0, SLACK.buttonValue);
  if (el.url !== undefined) length(out, `${path}.url`, el.url, 1, SLACK.url);
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
    out.push(`${path}.style: "${String(el.style)}"`);
}

/** The element of an input block: the kinds edit forms use, each against its documented limits. */
function inputElement(out: string[], path: string, el: unknown): void {
  if (!isNode(el)) {
    out.push(`${path}: not an element`);
    return;
  }
  length(out, `${path}.action_id`, el.action_id, 1, SLACK.actionId);
  if (el.placeholder !== undefined)
    textObject(out, `${path}.placeholder`, el.placeholder, SLACK.placeholder, 'plain_text');
  switch (el.type) {
    case 'plain_text_input': {
      const max = integer(out, `${path}.max_length`, el.max_length, 1, SLACK.inputValue) ?? SLACK.inputValue;
      integer(out, `${path}.min_length`, el.min_length, 0, SLACK.inputValue);
      if (el.initial_value !== undefined) length(out, `${path}.initial_value`, el.initial_value, 0, max);
      if (el.multiline !== undefined && typeof el.multiline !== 'boolean') out.push(`${path}.multiline: not a boolean`);
      break;
    }
    case 'number_input': {
      if (typeof el.is_decimal_allowed !== 'boolean') out.push(`${path}.is_decimal_allowed: required, a boolean`);
      const min = numeric(out, `${path}.min_value`, el.min_value);
      const max = numeric(out, `${path}.max_value`, el.max_value);
      const initial = numeric(out, `${path}.initial_value`, el.initial_value);
      if (min !== undefined && max !== undefined && min > max) out.push(`${path}: min_value ${min} > max_value ${max}`);
      if (initial !== undefined && ((min !== undefined && initial < min) || (max !== undefined && initial > max)))
        out.push(`${path}.initial_value: ${initial} out of range`);
      if (initial !== undefined && el.is_decimal_allowed !== true && !Number.isInteger(initial))
        out.push(`${path}.initial_value: ${initial} is not an integer`);
      break;
    }
    case 'static_select': {
      const options = list(out, `${path}.options`, el.options, 1, SLACK.selectOptions);
      const values = new Set<unknown>();
      options.forEach((option, j) => {
        if (!isNode(option)) {
          out.push(`${path}.options[${j}]: not an option`);
          return;
        }
        textObject(out, `${path}.options[${j}].text`, option.text, SLACK.optionText, 'plain_text');
        length(out, `${path}.options[${j}].value`, option.value, 1, SLACK.optionValue);
        if (values.has(option.value)) out.push(`${path}.options[${j}].value: "${String(option.value)}" is used twice`);
        values.add(option.value);
      });
      const initial = el.initial_option;
      if (initial !== undefined && !options.some((option) => JSON.stringify(option) === JSON.stringify(initial))) {
        out.push(`${path}.initial_option: not one of the options`);
      }
      break;
    }
    default:
      out.push(`${path}: element type "${String(el.type)}" is not known to the checker`);
  }
}

/** An optional integer field within min..max; its value when it is one. */
function integer(out: string[], path: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    out.push(`${path}: not an integer`);
    return;
  }
  if (value < min || value > max) out.push(`${path}: ${value} not in ${min}..${max}`);
  return value;
}

/** An optional number written as a string (number_input's fields); its value when it is one. */
function numeric(out: string[], path: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value))
    return void out.push(`${path}: "${String(value)}" is not a plain number`);
  return Number(value);
}

function textObject(out: string[], path: string, value: unknown, max: number, type?: 'plain_text'): void {
  if (!isNode(value)) {
    out.push(`${path}: not a text object`);
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') out.push(`${path}.type: "${String(value.type)}"`);
  if (type !== undefined && value.type !== type) out.push(`${path}.type: "${String(value.type)}", must be ${type}`);
  length(out, `${path}.text`, value.text, 1, max);
}

function length(out: string[], path: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'string') {
    out.push(`${path}: not a string`);
    return;
  }
  if (value.length < min) out.push(`${path}: ${value.length} characters < ${min}`);
  if (value.length > max) out.push(`${path}: ${value.length} characters > ${max}`);
  if (min > 0 && value.length > 0 && value.trim() === '') out.push(`${path}: only whitespace`);
}

function list(out: string[], path: string, value: unknown, min: number, max: number): unknown[] {
  if (!Array.isArray(value)) {
    out.push(`${path}: not an array`);
    return [];
  }
  if (value.length < min) out.push(`${path}: ${value.length} items < ${min}`);
  if (value.length > max) out.push(`${path}: ${value.length} items > ${max}`);
  return value;
}

function textLength(node: unknown): number {
  if (Array.isArray(node)) return node.reduce<number>((sum, child) => sum + textLength(child), 0);
  if (!isNode(node)) return 0;
  return Object.entries(node).reduce(
    (sum, [key, value]) => sum + (key === 'text' && typeof value === 'string' ? value.length : textLength(value)),
    0,
  );
}

/** At least as many blocks as Slack makes of this markdown: one per paragraph, one more per heading. */
function markdownBlocks(text: string): number {
  const paragraphs = text.split(/\n\s*\n/).filter((p) => p.trim() !== '').length;
  const headings = text.split('\n').filter((line) => /^ {0,3}#{1,6}\s/.test(line)).length;
  return Math.max(1, paragraphs + headings);
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
