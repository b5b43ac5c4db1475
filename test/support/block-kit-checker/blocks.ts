import { checkElement } from './elements.js';
import type { Findings } from './findings.js';
import { isNode } from './findings.js';
import { BUDGET, SLACK } from './limits.js';

type Node = Record<string, unknown>;

/** What a list of blocks is checked against. */
export interface BlockListCheck {
  /** Blocks allowed: 50 for a message, 100 for a modal or Home tab. */
  maxBlocks: number;
  /** The total text budget of the blocks (a stricter rule). */
  maxTotalText: number;
}

/** Checks a list of blocks: each block, and the limits of the list as a whole. */
export function checkBlockList(findings: Findings, blocks: readonly unknown[], check: BlockListCheck): void {
  const { maxBlocks } = check;
  if (blocks.length > maxBlocks) findings.slack('blocks', `${blocks.length} blocks > ${maxBlocks}`);
  // Slack expands a markdown block into blocks of its own, and those count too.
  const expanded = blocks.reduce<number>(
    (sum, b) => sum + (isNode(b) && b.type === 'markdown' && typeof b.text === 'string' ? markdownBlocks(b.text) : 1),
    0,
  );
  if (blocks.length <= maxBlocks && expanded > maxBlocks)
    findings.strict('blocks', `${expanded} blocks once Slack expands markdown > ${maxBlocks}`);

  const blockIds = new Set<unknown>();
  blocks.forEach((raw, i) => {
    const path = `blocks[${i}]`;
    if (!isNode(raw) || typeof raw.type !== 'string') {
      findings.slack(path, 'not a block');
      return;
    }
    checkBlockId(findings, path, raw, blockIds);
    checkBlock(findings, path, raw);
  });

  const markdown = blocks.reduce<number>((sum, b) => sum + (isMarkdown(b) ? String(b.text).length : 0), 0);
  if (markdown > SLACK.markdownText)
    findings.slack('blocks', `markdown blocks hold ${markdown} characters together > ${SLACK.markdownText}`);
  const tables = blocks.filter((b) => isNode(b) && b.type === 'table').length;
  if (tables > SLACK.tablesPerMessage)
    findings.slack('blocks', `${tables} table blocks > ${SLACK.tablesPerMessage}`, 'invalid_attachments');
  const total = textLength(blocks);
  if (total > check.maxTotalText)
    findings.strict('blocks', `${total} characters of text in total > ${check.maxTotalText}`);
}

/**
 * A block id of 1..255 characters, used once. The fake Slack server has never judged the id of a
 * markdown block (Slack replaces that block by the blocks it expands it into), the stricter rules do.
 */
function checkBlockId(findings: Findings, path: string, block: Node, seen: Set<unknown>): void {
  if (block.block_id === undefined) return;
  const kind = block.type === 'markdown' ? 'strict' : 'slack';
  findings.length(`${path}.block_id`, block.block_id, 1, SLACK.blockId, kind);
  if (seen.has(block.block_id)) findings.add(kind, `${path}.block_id`, `"${String(block.block_id)}" is used twice`);
  seen.add(block.block_id);
}

function checkBlock(findings: Findings, path: string, block: Node): void {
  switch (block.type) {
    case 'section':
      section(findings, path, block);
      break;
    case 'header':
      findings.textObject(`${path}.text`, block.text, SLACK.headerText, 'plain_text');
      break;
    case 'context':
      context(findings, path, block);
      break;
    case 'actions':
      for (const [j, el] of findings.list(`${path}.elements`, block.elements, 1, SLACK.actionsElements).entries())
        checkElement(findings, `${path}.elements[${j}]`, el, 'action');
      break;
    case 'markdown':
      findings.length(`${path}.text`, block.text, 1, SLACK.markdownText);
      break;
    case 'table':
      table(findings, path, block);
      break;
    case 'divider':
      break;
    case 'input':
      input(findings, path, block);
      break;
    default:
      findings.strict(path, `block type "${String(block.type)}" is not known to the checker`);
  }
}

function section(findings: Findings, path: string, block: Node): void {
  if (block.text === undefined && block.fields === undefined) findings.slack(path, 'a section needs text or fields');
  if (block.text !== undefined) findings.textObject(`${path}.text`, block.text, SLACK.sectionText);
  if (block.fields !== undefined) {
    for (const [j, field] of findings.list(`${path}.fields`, block.fields, 1, SLACK.sectionFields).entries())
      findings.textObject(`${path}.fields[${j}]`, field, SLACK.fieldText);
  }
  if (block.accessory !== undefined) checkElement(findings, `${path}.accessory`, block.accessory, 'action');
}

function context(findings: Findings, path: string, block: Node): void {
  findings.list(`${path}.elements`, block.elements, 1, SLACK.contextElements).forEach((el, j) => {
    if (isNode(el) && el.type === 'image') return;
    findings.textObject(`${path}.elements[${j}]`, el, SLACK.textObject);
  });
}

function input(findings: Findings, path: string, block: Node): void {
  findings.textObject(`${path}.label`, block.label, SLACK.inputLabel, 'plain_text');
  if (block.hint !== undefined) findings.textObject(`${path}.hint`, block.hint, SLACK.inputHint, 'plain_text');
  if (block.optional !== undefined && typeof block.optional !== 'boolean')
    findings.slack(`${path}.optional`, 'not a boolean');
  checkElement(findings, `${path}.element`, block.element, 'input');
}

function table(findings: Findings, path: string, block: Node): void {
  const rows = findings.list(`${path}.rows`, block.rows, 1, SLACK.tableRows);
  const widths = new Set<number>();
  let text = 0;
  rows.forEach((row, r) => {
    const cells = findings.list(`${path}.rows[${r}]`, row, 1, SLACK.tableCells);
    widths.add(cells.length);
    cells.forEach((cell, c) => {
      text += tableCell(findings, `${path}.rows[${r}][${c}]`, cell);
    });
  });
  if (widths.size > 1) findings.strict(`${path}.rows`, `rows of different lengths (${[...widths].join(', ')})`);
  if (text > BUDGET.tableText) findings.strict(path, `${text} characters in cells > ${BUDGET.tableText}`);
  if (block.column_settings !== undefined)
    findings.list(`${path}.column_settings`, block.column_settings, 0, SLACK.tableCells);
}

/** Checks one table cell; the length of its text. Slack's raw_text cell needs at least one character. */
function tableCell(findings: Findings, path: string, cell: unknown): number {
  if (!isNode(cell)) {
    findings.slack(path, 'not a cell');
    return 0;
  }
  if (cell.type === 'raw_text' || cell.type === 'raw_number') {
    findings.length(`${path}.text`, cell.text, 1, Number.POSITIVE_INFINITY);
    return typeof cell.text === 'string' ? cell.text.length : 0;
  }
  if (cell.type !== 'rich_text') findings.strict(path, `cell type "${String(cell.type)}"`);
  return 0;
}

function isMarkdown(block: unknown): block is Node & { text: string } {
  return isNode(block) && block.type === 'markdown' && typeof block.text === 'string';
}

/** Every `text` string's length in a block tree, added up. */
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
