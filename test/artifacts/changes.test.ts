import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ChangesContent, changesArtifact } from '../../src/artifacts/changes.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'changes' } as const;
const content: ChangesContent = {
  changes: [
    { record: 'acct_42', field: 'tier', before: 'silver', after: 'gold', reason: 'Spend passed 10k.' },
    { record: 'acct_7', field: 'owner', before: '', after: '<@U1>', reason: 'New account.' },
  ],
};

describe('changes artifact', () => {
  it('accepts complete changes and rejects incomplete ones', () => {
    const schema = changesArtifact.contentSchema(options);
    expect(schema.parse(content)).toEqual(content);
    expect(schema.safeParse({ changes: [{ record: 'a', field: 'f', before: 'b', after: 'c' }] }).success).toBe(false);
    expect(
      schema.safeParse({ changes: [{ record: '', field: 'f', before: 'b', after: 'c', reason: 'r' }] }).success,
    ).toBe(false);
  });

  it('has a JSON object schema', () => {
    expect(z.toJSONSchema(ChangesContent)).toMatchObject({
      type: 'object',
      properties: { changes: { type: 'array', items: { required: ['record', 'field', 'before', 'after', 'reason'] } } },
    });
  });

  it('reviews as numbered before → after lines with the reason, escaped', () => {
    const { blocks, truncated } = changesArtifact.renderReview(content, options, 46);
    expect(truncated).toBe(false);
    expect(textOf(blocks)).toBe(
      '*1.* acct_42 · tier: silver → gold\n      ↳ Spend passed 10k.\n*2.* acct_7 · owner: (empty) → &lt;@U1&gt;\n      ↳ New account.',
    );
    expect(textOf(changesArtifact.renderReview({ changes: [] }, options, 46).blocks)).toBe('_No changes proposed._');
  });

  it('stays within limits for thousands of changes with huge values, and says it cut', () => {
    const huge = 'b'.repeat(100_000);
    const changes = Array.from({ length: 5000 }, (_, i) => ({
      record: `r${i}`,
      field: 'f',
      before: huge,
      after: 'a',
      reason: 'why',
    }));
    const { blocks, truncated } = changesArtifact.renderReview({ changes }, options, 46);
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    expect(textOf(blocks.at(-1))).toMatch(/^_…\d+ more changes not shown_$/);
    // A single long value is cut even when everything else fits.
    const one = changesArtifact.renderReview({ changes: changes.slice(0, 1) }, options, 46);
    expect(one.truncated).toBe(true);
  });

  it('targets each change', () => {
    expect(changesArtifact.targets(content, options)).toEqual(['change 1', 'change 2']);
  });

  it('posts a clean list and reads as plain text', () => {
    const post = changesArtifact.renderPost(content, options);
    expect(post.text).toBe('Changes (2 changes)');
    expect(textOf(post.blocks)).toContain('• acct_42 · tier: silver → gold');
    expect(post.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(changesArtifact.toText(content, options)).toBe(
      '1. acct_42 · tier: silver → gold\n   Reason: Spend passed 10k.\n2. acct_7 · owner: (empty) → <@U1>\n   Reason: New account.\n',
    );
    expect(changesArtifact.approvedFiles(content, options)).toEqual([]);
  });
});
