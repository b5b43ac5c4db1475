import type { KnownBlock, RawTextElement } from '@slack/types';
import { z } from 'zod';
import { fitEditParts } from '../block-kit/fit-edit-parts.js';
import {
  blockTextLength,
  fitBlocks,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT,
  MAX_TABLE_CELL_TEXT,
  MAX_TABLE_CELLS,
  MAX_TABLE_ROWS,
  MAX_TOP_LEVEL_TEXT,
  REVIEW_SURFACE_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { readTextField } from '../block-kit/read-input.js';
import { textField } from '../block-kit/text-field.js';
import type { ArtifactType, EditChange } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';
import { fieldAgreement, listComparison, matchLists, sameText } from './comparison.js';
import { editChange, shownValue } from './edit-change.js';
import { parseTableRowText, tableRowText } from './table-row-text.js';
import { toCsv } from './to-csv.js';

/** The spec's `artifact:` section for a table: its columns. */
export const TableOptions = z.object({
  type: z.literal('table'),
  /** Column keys of every row, in display order (a table block holds at most 20 cells a row). */
  columns: z
    .array(z.string().min(1))
    .min(1)
    .max(20)
    .refine((columns) => new Set(columns).size === columns.length, 'Table columns must be unique.'),
});
export type TableOptions = z.infer<typeof TableOptions>;

/** A spreadsheet: one object per row whose keys are exactly the spec's `columns`. */
export interface TableContent {
  rows: Record<string, string>[];
}

/**
 * The content schema of a table with these columns: every row is an object with exactly the
 * `columns` as keys (all required, no others), each a string.
 */
export function tableContentSchema(options: TableOptions): z.ZodType<TableContent> {
  const shape = Object.fromEntries(
    options.columns.map((column) => [
      column,
      z.string().describe(`The row's value for the column "${column}"; "" when unknown.`),
    ]),
  );
  return z
    .object({
      rows: z
        .array(z.strictObject(shape).describe(`One row, with exactly these keys: ${options.columns.join(', ')}.`))
        .describe('The rows in order; reviewers refer to them as "row 1", "row 2", ...'),
    })
    .describe(`A table with the columns ${options.columns.join(', ')}.`);
}

// Slack's raw_text cell needs at least one character.
const EMPTY_CELL = '—';
// Cells get shorter as the table gets wider, so that at least this many rows fit the budget.
const MIN_ROWS_IN_BUDGET = 5;
const MIN_CELL_TEXT = 20;

/** `table`: rows of the spec's columns, reviewed as a numbered table block, approved as CSV; targets `row N`. */
export const tableArtifact: ArtifactType<TableOptions, TableContent> = {
  type: 'table',
  options: TableOptions,

  contentSchema(options) {
    return tableContentSchema(options);
  },

  guidance(options) {
    return `Produce a table: one object per row with exactly the columns ${options.columns.map((c) => `"${c}"`).join(', ')}, every value a string.`;
  },

  renderReview(content, options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    return renderTable(content, options, {
      maxBlocks,
      maxChars,
      numbered: true,
      more: (shown, total) =>
        shown === 0
          ? `_${total} ${total === 1 ? 'row' : 'rows'}, too wide to show here_`
          : `_Showing rows 1–${shown} of ${total}_`,
    });
  },

  toText(content, options) {
    const line = (cells: readonly string[]) => `| ${cells.map(markdownCell).join(' | ')} |`;
    const lines = [
      line(['#', ...options.columns]),
      line(['---', ...options.columns.map(() => '---')]),
      ...content.rows.map((row, i) => line([String(i + 1), ...options.columns.map((column) => row[column] ?? '')])),
    ];
    return `${lines.join('\n')}\n${content.rows.length === 0 ? '\n(no rows)\n' : ''}`;
  },

  renderPost(content, options) {
    const { blocks } = renderTable(content, options, {
      maxBlocks: MAX_BLOCKS_PER_MESSAGE,
      maxChars: MAX_MESSAGE_TEXT,
      numbered: false,
      more: (shown, total) => `_Showing the first ${shown} of ${total} rows; the attached CSV has all of them._`,
    });
    const count = `${content.rows.length} ${content.rows.length === 1 ? 'row' : 'rows'}`;
    return { text: truncate(`Table (${count}): ${options.columns.join(', ')}`, MAX_TOP_LEVEL_TEXT), blocks };
  },

  approvedFiles(content, options) {
    return [{ filename: 'table.csv', title: 'Table (CSV)', content: toCsv(options.columns, content.rows) }];
  },

  targets(content) {
    return content.rows.map((_, i) => `row ${i + 1}`);
  },

  editForm(content, options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    const hint = `One line per column, written "column: value" (${options.columns.join(', ')}). Change the values after the colons; leave one empty to clear it. A value may run over several lines.`;
    return fitEditParts({
      count: content.rows.length,
      part: (i) => [
        textField({
          blockId: rowBlock(i + 1),
          label: `Row ${i + 1}`,
          value: tableRowText(content.rows[i] ?? {}, options.columns),
          multiline: true,
          hint: i === 0 ? hint : undefined,
        }),
      ],
      noun: ['row', 'rows'],
      maxBlocks,
      empty: 'This table has no rows: there is nothing to edit.',
    });
  },

  readEditForm(values, original, options) {
    const errors: Record<string, string> = {};
    const rows = original.rows.map((row, i) => {
      const block = rowBlock(i + 1);
      const before = tableRowText(row, options.columns);
      const text = readTextField(values, block, before);
      if (text === before) return row;
      const parsed = parseTableRowText(text, options.columns, row);
      if (parsed.ok) return parsed.row;
      errors[block] = parsed.error;
      return row;
    });
    return (
      failed(errors) ??
      checkEdited(tableContentSchema(options), { rows }, values, ([, index]) =>
        typeof index === 'number' ? rowBlock(index + 1) : undefined,
      )
    );
  },

  describeEdit(before, after, options) {
    const changes: EditChange[] = [];
    before.rows.forEach((row, i) => {
      const edited = after.rows[i];
      if (edited === undefined) return;
      const changed = options.columns.filter((column) => (row[column] ?? '') !== (edited[column] ?? ''));
      const [only] = changed;
      if (only === undefined) return;
      if (changed.length === 1)
        changes.push(editChange(`row ${i + 1} ${only}`, shownValue(row[only] ?? ''), shownValue(edited[only] ?? '')));
      else
        changes.push(
          editChange(`row ${i + 1}`, tableRowText(row, options.columns), tableRowText(edited, options.columns)),
        );
    });
    return changes;
  },
  async compare(expected, actual, options) {
    // Rows are matched whatever their order; a row agrees by the share of its cells that do.
    const match = matchLists(expected.rows, actual.rows, (e, a) =>
      fieldAgreement(options.columns.map((column) => (sameText(e[column], a[column]) ? 1 : 0))),
    );
    return listComparison(match, { expected: expected.rows.length, nouns: ['row', 'rows'] });
  },
};

/** The block id of row `n`'s (1-based) input in the Edit modal, e.g. `row_3`. */
export function rowBlock(n: number): string {
  return `row_${n}`;
}

interface TableLayout {
  maxBlocks: number;
  maxChars: number;
  /** Review adds a "#" column so corrections can say "row 3" (only below 20 columns: a row holds 20 cells). */
  numbered: boolean;
  more: (shown: number, total: number) => string;
}

/** One `table` block with the header and the rows that fit, then a note when rows were left out. */
function renderTable(
  content: TableContent,
  options: TableOptions,
  layout: TableLayout,
): { blocks: KnownBlock[]; truncated: boolean } {
  const total = content.rows.length;
  if (total === 0) return fitBlocks([context('_No rows._')], layout);

  const numbered = layout.numbered && options.columns.length < MAX_TABLE_CELLS;
  const width = options.columns.length + (numbered ? 1 : 0);
  const budget = layout.maxChars - blockTextLength(context(layout.more(total, total)));
  const cellMax = Math.max(
    MIN_CELL_TEXT,
    Math.min(MAX_TABLE_CELL_TEXT, Math.floor(budget / (width * MIN_ROWS_IN_BUDGET))),
  );

  let cut = false;
  const cells = (values: readonly string[]): RawTextElement[] =>
    values.map((value) => {
      const text = truncate(value, cellMax);
      cut ||= text !== value;
      return { type: 'raw_text', text: text.trim() === '' ? EMPTY_CELL : text };
    });

  const header = cells(numbered ? ['#', ...options.columns] : options.columns);
  const rows: RawTextElement[][] = [header];
  let used = blockTextLength(header);
  for (const [i, row] of content.rows.entries()) {
    if (rows.length >= MAX_TABLE_ROWS) break;
    const values = options.columns.map((column) => row[column] ?? '');
    const rowCut = cut;
    const rowCells = cells(numbered ? [String(i + 1), ...values] : values);
    const length = blockTextLength(rowCells);
    if (used + length > budget) {
      cut = rowCut; // this row is not shown, so its cut cells do not count
      break;
    }
    rows.push(rowCells);
    used += length;
  }

  const shown = rows.length - 1;
  const blocks: KnownBlock[] = [];
  if (shown > 0) {
    blocks.push({
      type: 'table',
      rows,
      column_settings: numbered
        ? [{ align: 'right' }, ...options.columns.map(() => ({ is_wrapped: true }))]
        : options.columns.map(() => ({ is_wrapped: true })),
    });
  }
  if (shown < total) blocks.push(context(layout.more(shown, total)));
  const fitted = fitBlocks(blocks, layout);
  return { blocks: fitted.blocks, truncated: cut || shown < total || fitted.truncated };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

/** A value inside a Markdown table cell: pipes escaped, on one line. */
function markdownCell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
