import { describe, expect, it } from 'vitest';
import { parseTableRowText, tableRowText } from '../../src/artifacts/table-row-text.js';

const columns = ['due', 'due date', 'note'];
const row = { due: 'Mon', 'due date': '2025-01-06', note: 'first\nsecond' };

describe('table row text', () => {
  it('writes one "column: value" line per column, a multi-line value running on', () => {
    expect(tableRowText(row, columns)).toBe('due: Mon\ndue date: 2025-01-06\nnote: first\nsecond');
    expect(tableRowText({ due: '', 'due date': '', note: '' }, columns)).toBe('due:\ndue date:\nnote:');
  });

  it('reads its own text back exactly; the longest column name wins', () => {
    expect(parseTableRowText(tableRowText(row, columns), columns, row)).toEqual({ ok: true, row });
  });

  it('keeps an original value that was only re-spaced, and trims a new one', () => {
    const original = { due: ' Mon ', 'due date': 'x', note: 'n' };
    expect(parseTableRowText('due: Mon\ndue date: y \nnote:', columns, original)).toEqual({
      ok: true,
      row: { due: ' Mon ', 'due date': 'y', note: '' },
    });
  });

  it('accepts lines in any order and column names in any case', () => {
    expect(parseTableRowText('NOTE: n\n due date: d\ndue: x', columns, row)).toEqual({
      ok: true,
      row: { due: 'x', 'due date': 'd', note: 'n' },
    });
  });

  it('says what is wrong in plain words', () => {
    expect(parseTableRowText('due: x\nnote: n', columns, row)).toEqual({
      ok: false,
      error: 'The column "due date" is missing: a row has one line per column (due, due date, note).',
    });
    expect(parseTableRowText('hello\ndue: x', columns, row)).toMatchObject({
      ok: false,
      error: expect.stringContaining('Line 1'),
    });
  });
});
