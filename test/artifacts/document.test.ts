import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DocumentContent as Doc } from '../../src/artifacts/document.js';
import { DocumentContent, documentArtifact } from '../../src/artifacts/document.js';
import { estimateMarkdownBlocks } from '../../src/block-kit/estimate-markdown-blocks.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'document' } as const;
const doc: Doc = {
  title: 'Q3 plan',
  sections: [
    { heading: 'Goals', body: 'Ship **v2**.\n\n- faster\n- cheaper' },
    { heading: 'Risks <!here>', body: 'Hiring <@U1> & budget.' },
  ],
};
const many = (n: number, body = 'Some text.'): Doc => ({
  title: 'Handbook',
  sections: Array.from({ length: n }, (_, i) => ({ heading: `Rule ${i + 1}`, body })),
});

describe('document artifact', () => {
  it('accepts a title with sections and rejects malformed ones', () => {
    const schema = documentArtifact.contentSchema(options);
    expect(schema.parse(doc)).toEqual(doc);
    expect(schema.safeParse({ title: 'T', sections: [] }).success).toBe(false);
    expect(schema.safeParse({ title: '', sections: [{ heading: 'h', body: 'b' }] }).success).toBe(false);
    expect(schema.safeParse({ title: 'T', sections: [{ heading: 'h' }] }).success).toBe(false);
  });

  it('has a JSON object schema', () => {
    const schema = z.toJSONSchema(DocumentContent);
    expect(schema).toMatchObject({ type: 'object', required: ['title', 'sections'] });
    expect(schema).toHaveProperty('properties.sections.items.properties.body.type', 'string');
  });

  it('reviews as a header and numbered sections in one markdown block, escaped', () => {
    const { blocks, truncated } = documentArtifact.renderReview(doc, options, 46);
    expect(truncated).toBe(false);
    expect(blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Q3 plan' } },
      {
        type: 'markdown',
        text: '**1. Goals**\nShip **v2**.\n\n- faster\n- cheaper\n\n**2. Risks &lt;!here>**\nHiring &lt;@U1> & budget.',
      },
    ]);
  });

  it('escapes emphasis in headings so they stay bold', () => {
    const { blocks } = documentArtifact.renderReview(
      { title: 'T', sections: [{ heading: 'a*b_c', body: '' }] },
      options,
      46,
    );
    expect(textOf(blocks[1])).toBe('**1. a\\*b\\_c**');
  });

  it('cuts 500 sections to what fits, with a note, within limits', () => {
    const { blocks, truncated } = documentArtifact.renderReview(many(500), options, 46);
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks, { maxBlocks: 46 });
    expect(textOf(blocks[1])).toContain('**1. Rule 1**');
    expect(textOf(blocks.at(-1))).toMatch(/^_…\d+ more sections not shown_$/);
  });

  it('counts the blocks Slack will make of the markdown', () => {
    // Short sections with several paragraphs each: the text is small but the blocks are many.
    const { blocks } = documentArtifact.renderReview(many(200, 'a\n\nb\n\nc'), options, 46);
    const markdown = textOf(blocks[1]);
    expect(estimateMarkdownBlocks(markdown) + blocks.length - 1).toBeLessThanOrEqual(46);
    assertWithinBlockKitLimits(blocks, { maxBlocks: 46 });
  });

  it('shows the start of a huge section and keeps the markdown valid', () => {
    const body = `\`\`\`\n${'code line\n'.repeat(100_000)}`;
    const { blocks, truncated } = documentArtifact.renderReview(
      { title: 'T'.repeat(400), sections: [{ heading: 'H', body }] },
      options,
      46,
    );
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    expect(textOf(blocks[0])).toHaveLength(150);
    const markdown = textOf(blocks[1]);
    expect(markdown.startsWith('**1. H**\n```\ncode line')).toBe(true);
    expect(markdown.match(/^```/gm)).toHaveLength(2); // the cut closed the fence
  });

  it('stays within limits for any budget', () => {
    for (const [maxBlocks, maxChars] of [
      [1, 8000],
      [2, 100],
      [3, 600],
      [46, 8000],
    ] as const) {
      const { blocks } = documentArtifact.renderReview(many(500, 'x'.repeat(5000)), options, maxBlocks, maxChars);
      assertWithinBlockKitLimits(blocks, { maxBlocks, maxTotalText: maxChars });
    }
  });

  it('targets each section', () => {
    expect(documentArtifact.targets(doc, options)).toEqual(['section 1', 'section 2']);
  });

  it('posts a clean, unnumbered document', () => {
    const post = documentArtifact.renderPost(doc, options);
    expect(post.text).toBe('Q3 plan');
    expect(textOf(post.blocks[1])).toMatch(/^\*\*Goals\*\*\n/);
    expect(post.blocks.some((b) => b.type === 'actions')).toBe(false);
    const big = documentArtifact.renderPost(many(500, 'y'.repeat(3000)), options);
    assertWithinBlockKitLimits(big.blocks, { text: big.text });
  });

  it('reads as Markdown in full, and has no files', () => {
    expect(documentArtifact.toText(doc, options)).toBe(
      '# Q3 plan\n\n## 1. Goals\n\nShip **v2**.\n\n- faster\n- cheaper\n\n## 2. Risks <!here>\n\nHiring <@U1> & budget.\n',
    );
    expect(documentArtifact.toText(many(500), options)).toContain('## 500. Rule 500');
    expect(documentArtifact.approvedFiles(doc, options)).toEqual([]);
  });
});
