import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TableOptions, tableArtifact, tableContentSchema } from '../../src/artifacts/table.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'table', columns: ['name', 'score'] } as const satisfies TableOptions;
const content = {
  rows: [
    { name: 'Acme', score: '90' },
    { name: 'Globex, Inc.', score: '' },
  ],
};

function tableRows(blocks: KnownBlock[]): string[][] {
  const table = blocks.find((b) => b.type === 'table');
  if (table?.type !== 'table') return [];
  return table.rows.map((row) => row.map((cell) => (cell.type === 'raw_text' ? cell.text : '?')));
}

describe('table options', () => {
  it('need 1 to 20 unique columns', () => {
    expect(TableOptions.safeParse({ type: 'table', columns: ['a'] }).success).toBe(true);
    expect(TableOptions.safeParse({ type: 'table', columns: [] }).success).toBe(false);
    expect(
      TableOptions.safeParse({ type: 'table', columns: Array.from({ length: 21 }, (_, i) => `c${i}`) }).success,
    ).toBe(false);
    expect(TableOptions.safeParse({ type: 'table', columns: ['a', 'a'] }).success).toBe(false);
  });
});

describe('table content schema', () => {
  const schema = tableContentSchema(options);

  it('accepts rows whose keys are exactly the columns', () => {
    expect(schema.parse(content)).toEqual(content);
    expect(schema.parse({ rows: [] })).toEqual({ rows: [] });
  });

  it('rejects missing, extra and non-string cells', () => {
    expect(schema.safeParse({ rows: [{ name: 'Acme' }] }).success).toBe(false);
    expect(schema.safeParse({ rows: [{ name: 'Acme', score: '1', extra: 'x' }] }).success).toBe(false);
    expect(schema.safeParse({ rows: [{ name: 'Acme', score: 1 }] }).success).toBe(false);
    expect(schema.safeParse({ rows: {} }).success).toBe(false);
  });

  it('is a JSON object schema naming every column as a required key', () => {
    const json = z.toJSONSchema(schema);
    expect(json).toMatchObject({
      type: 'object',
      required: ['rows'],
      properties: {
        rows: { type: 'array', items: { type: 'object', required: ['name', 'score'], additionalProperties: false } },
      },
    });
  });
});

describe('table artifact', () => {
  it('reviews as a numbered table block; empty cells stay valid', () => {
    const { blocks, truncated } = tableArtifact.renderReview(content, options, 46);
    expect(truncated).toBe(false);
    expect(blocks).toHaveLength(1);
    expect(tableRows(blocks)).toEqual([
      ['#', 'name', 'score'],
      ['1', 'Acme', '90'],
      ['2', 'Globex, Inc.', '—'],
    ]);
    assertWithinBlockKitLimits(blocks);
  });

  it('shows "No rows." for an empty table', () => {
    const { blocks } = tableArtifact.renderReview({ rows: [] }, options, 46);
    expect(textOf(blocks)).toBe('_No rows._');
  });

  it('shows at most 99 rows of 10,000 with a note, within limits', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ name: `n${i + 1}`, score: String(i) }));
    const { blocks, truncated } = tableArtifact.renderReview({ rows }, options, 46);
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    const shown = tableRows(blocks);
    expect(shown).toHaveLength(100);
    expect(shown[99]).toEqual(['99', 'n99', '98']);
    expect(textOf(blocks.at(-1))).toBe('_Showing rows 1–99 of 10000_');
  });

  it('keeps 20 wide columns without a number column, and long cells within the text budget', () => {
    const columns = Array.from({ length: 20 }, (_, i) => `column_${i}`);
    const rows = Array.from({ length: 500 }, () => Object.fromEntries(columns.map((c) => [c, 'v'.repeat(100_000)])));
    const { blocks, truncated } = tableArtifact.renderReview({ rows }, { type: 'table', columns }, 46);
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    expect(tableRows(blocks)[0]).toEqual(columns);
    expect(tableRows(blocks).length).toBeGreaterThanOrEqual(2);
  });

  it('targets each row', () => {
    expect(tableArtifact.targets(content, options)).toEqual(['row 1', 'row 2']);
  });

  it('posts a clean table without numbers or buttons', () => {
    const post = tableArtifact.renderPost(content, options);
    expect(post.text).toBe('Table (2 rows): name, score');
    expect(tableRows(post.blocks)).toEqual([
      ['name', 'score'],
      ['Acme', '90'],
      ['Globex, Inc.', '—'],
    ]);
    expect(post.blocks.some((b) => b.type === 'actions')).toBe(false);
    const big = tableArtifact.renderPost(
      { rows: Array.from({ length: 5000 }, () => ({ name: 'n', score: 's' })) },
      options,
    );
    assertWithinBlockKitLimits(big.blocks, { text: big.text });
    expect(textOf(big.blocks.at(-1))).toContain('the attached CSV has all of them');
  });

  it('attaches one CSV of every row when approved', () => {
    const files = tableArtifact.approvedFiles(
      {
        rows: [
          { name: 'Say "hi", ok', score: '1\n2' },
          { name: 'plain', score: '' },
        ],
      },
      options,
    );
    expect(files).toEqual([
      { filename: 'table.csv', title: 'Table (CSV)', content: 'name,score\r\n"Say ""hi"", ok","1\n2"\r\nplain,\r\n' },
    ]);
  });

  it('reads as a Markdown table', () => {
    expect(tableArtifact.toText({ rows: [{ name: 'a|b', score: 'x\ny' }] }, options)).toBe(
      '| # | name | score |\n| --- | --- | --- |\n| 1 | a\\|b | x y |\n',
    );
    expect(tableArtifact.toText({ rows: [] }, options)).toContain('(no rows)');
  });

  it('tells the model the columns', () => {
    expect(tableArtifact.guidance(options)).toContain('"name", "score"');
  });
});

describe('table artifact under a tiny budget', () => {
  it('says the rows are not shown rather than break a limit', () => {
    const columns = Array.from({ length: 20 }, (_, i) => `c${i}`);
    const rows = [Object.fromEntries(columns.map((c) => [c, 'x'.repeat(50)]))];
    const { blocks, truncated } = tableArtifact.renderReview({ rows }, { type: 'table', columns }, 46, 300);
    expect(truncated).toBe(true);
    expect(textOf(blocks)).toBe('_1 row, too wide to show here_');
    assertWithinBlockKitLimits(blocks, { maxTotalText: 300 });
  });
});
