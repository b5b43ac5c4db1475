import { describe, expect, it } from 'vitest';
import type { TableContent, TableOptions } from '../../src/artifacts/table.js';
import { tableArtifact } from '../../src/artifacts/table.js';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const options: TableOptions = { type: 'table', columns: ['name', 'score'] };
const content: TableContent = {
  rows: [
    { name: 'Acme', score: '90' },
    { name: 'Globex, Inc.', score: '' },
    { name: 'Initech', score: '1\n2' },
  ],
};
const form = (c = content, o = options) => tableArtifact.editForm(c, o);
const read = (values: EditFormValues, original = content, o = options) =>
  tableArtifact.readEditForm(values, original, o);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });

describe('table edit form', () => {
  it('has one input per row, its cells as "column: value" lines, the format explained on the first', () => {
    const blocks = form();
    expect(initialValues(blocks)).toEqual({
      row_1: 'name: Acme\nscore: 90',
      row_2: 'name: Globex, Inc.\nscore:',
      row_3: 'name: Initech\nscore: 1\n2',
    });
    expect(blocks[0]).toMatchObject({
      label: { text: 'Row 1' },
      element: { multiline: true },
      hint: { text: expect.stringContaining('"column: value" (name, score)') },
    });
    expect(blocks[1]).not.toHaveProperty('hint');
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged, multi-line values included', () => {
    expect(read(submitForm(form()))).toEqual({ ok: true, content });
    expect(tableArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads an edited cell, and describes it as that cell of that row', () => {
    const result = read(submitForm(form(), { row_2: 'name: Globex, Inc.\nscore: 75' }));
    expect(result).toEqual({
      ok: true,
      content: { rows: [content.rows[0], { name: 'Globex, Inc.', score: '75' }, content.rows[2]] },
    });
    if (!result.ok) return;
    expect(tableArtifact.describeEdit(content, result.content, options)).toEqual([
      { target: 'row 2 score', before: '(empty)', after: '75' },
    ]);
  });

  it('describes a row with several edited cells as the row', () => {
    const result = read(submitForm(form(), { row_1: 'Name: Acme Corp\n  score:  95  ' }));
    if (!result.ok) throw new Error('expected ok');
    expect(result.content.rows).toEqual([{ name: 'Acme Corp', score: '95' }, content.rows[1], content.rows[2]]);
    expect(tableArtifact.describeEdit(content, result.content, options)).toEqual([
      { target: 'row 1', before: 'name: Acme\nscore: 90', after: 'name: Acme Corp\nscore: 95' },
    ]);
  });

  it('refuses a row with a missing, doubled or unlabelled cell, on that row', () => {
    expect(read(submitForm(form(), { row_3: 'name: Initech' }))).toEqual({
      ok: false,
      errors: { row_3: 'The column "score" is missing: a row has one line per column (name, score).' },
    });
    expect(read(submitForm(form(), { row_1: 'name: a\nname: b\nscore: 1' }))).toEqual({
      ok: false,
      errors: { row_1: 'The column "name" is there twice: give each column once.' },
    });
    expect(read(submitForm(form(), { row_2: 'Acme | 90' }))).toMatchObject({
      ok: false,
      errors: { row_2: expect.stringContaining('Line 1 does not start with a column name') },
    });
    expect(read(submitForm(form(), { row_1: null }))).toMatchObject({
      ok: false,
      errors: { row_1: expect.stringContaining('"name", "score" are missing') },
    });
  });

  it('fits 300 rows in 99 blocks, says which are left out, and keeps them all on submit', () => {
    const big: TableContent = {
      rows: Array.from({ length: 300 }, (_, i) => ({ name: `n${i + 1}`, score: String(i) })),
    };
    const blocks = form(big);
    expect(blocks).toHaveLength(99);
    withinLimits(blocks);
    expect(inputIds(blocks).at(-1)).toBe('row_98');
    expect(textOf(blocks.at(-1))).toBe(
      '_Only rows 1–98 of 300 fit in this form. Rows 99–300 are not shown here and stay as they are._',
    );
    expect(read(submitForm(blocks), big)).toEqual({ ok: true, content: big });
  });

  it('shows a row too long to edit as a note and keeps it', () => {
    const columns = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const wide: TableOptions = { type: 'table', columns };
    const long: TableContent = {
      rows: [
        Object.fromEntries(columns.map((c) => [c, 'v'.repeat(200)])),
        Object.fromEntries(columns.map((c) => [c, 'w'])),
      ],
    };
    const blocks = form(long, wide);
    expect(inputIds(blocks)).toEqual(['row_2']);
    expect(textOf(blocks[0])).toContain('Row 1 has');
    withinLimits(blocks);
    expect(read(submitForm(blocks), long, wide)).toEqual({ ok: true, content: long });
  });

  it('says an empty table has nothing to edit', () => {
    const blocks = form({ rows: [] });
    expect(textOf(blocks)).toBe('_This table has no rows: there is nothing to edit._');
    expect(read({}, { rows: [] })).toEqual({ ok: true, content: { rows: [] } });
  });
});
