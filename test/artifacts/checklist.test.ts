import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChecklistContent, checklistArtifact } from '../../src/artifacts/checklist.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'checklist' } as const;
const content: ChecklistContent = {
  items: [
    { text: 'Send the invoice', owner: 'Ann', due: '2024-06-01' },
    { text: 'Call <!channel>' },
    { text: 'Book room', due: 'Friday' },
  ],
};

describe('checklist artifact', () => {
  it('accepts items with optional owner and due, rejects malformed ones', () => {
    const schema = checklistArtifact.contentSchema(options);
    expect(schema.parse(content)).toEqual(content);
    expect(schema.parse({ items: [] })).toEqual({ items: [] });
    expect(schema.safeParse({ items: [{ text: '' }] }).success).toBe(false);
    expect(schema.safeParse({ items: [{ owner: 'Ann' }] }).success).toBe(false);
    expect(schema.safeParse({ items: [{ text: 'x', due: 5 }] }).success).toBe(false);
  });

  it('has a JSON object schema with only text required per item', () => {
    expect(z.toJSONSchema(ChecklistContent)).toMatchObject({
      type: 'object',
      properties: { items: { type: 'array', items: { type: 'object', required: ['text'] } } },
    });
  });

  it('reviews as numbered items with owner and due, escaped', () => {
    const { blocks, truncated } = checklistArtifact.renderReview(content, options, 46);
    expect(truncated).toBe(false);
    expect(textOf(blocks)).toBe(
      '*1.* Send the invoice — owner: Ann · due 2024-06-01\n*2.* Call &lt;!channel&gt;\n*3.* Book room — due Friday',
    );
    expect(textOf(checklistArtifact.renderReview({ items: [] }, options, 46).blocks)).toBe('_No items._');
  });

  it('stays within limits for thousands of long items', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({
      text: `Task ${i + 1} ${'t'.repeat(i % 2 === 0 ? 50 : 5000)}`,
      owner: 'o'.repeat(300),
    }));
    const { blocks, truncated } = checklistArtifact.renderReview({ items }, options, 46);
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    expect(textOf(blocks)).toContain('*1.* Task 1 ');
    expect(textOf(blocks.at(-1))).toMatch(/^_…\d+ more items not shown_$/);
  });

  it('targets each item', () => {
    expect(checklistArtifact.targets(content, options)).toEqual(['item 1', 'item 2', 'item 3']);
  });

  it('posts a clean list', () => {
    const post = checklistArtifact.renderPost(content, options);
    expect(post.text).toBe('Checklist (3 items): Send the invoice');
    expect(textOf(post.blocks)).toBe(
      '☐ Send the invoice — owner: Ann · due 2024-06-01\n☐ Call &lt;!channel&gt;\n☐ Book room — due Friday',
    );
    const big = checklistArtifact.renderPost(
      { items: Array.from({ length: 10_000 }, () => ({ text: 'x'.repeat(100) })) },
      options,
    );
    assertWithinBlockKitLimits(big.blocks, { text: big.text });
  });

  it('reads as a plain task list and has no files', () => {
    expect(checklistArtifact.toText(content, options)).toBe(
      '1. [ ] Send the invoice (owner: Ann, due 2024-06-01)\n2. [ ] Call <!channel>\n3. [ ] Book room (due Friday)\n',
    );
    expect(checklistArtifact.approvedFiles(content, options)).toEqual([]);
  });
});
