import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MessageContent, messageArtifact } from '../../src/artifacts/message.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'message' } as const;

describe('message artifact', () => {
  it('accepts a text and rejects anything else', () => {
    expect(messageArtifact.contentSchema(options).parse({ text: 'Hi' })).toEqual({ text: 'Hi' });
    for (const bad of [{}, { text: '' }, { text: 3 }, 'Hi', null])
      expect(messageArtifact.contentSchema(options).safeParse(bad).success).toBe(false);
  });

  it('has a JSON object schema the model can fill', () => {
    const schema = z.toJSONSchema(MessageContent);
    expect(schema).toMatchObject({ type: 'object', required: ['text'], properties: { text: { type: 'string' } } });
    expect(JSON.stringify(schema)).toContain('exactly as it should be posted');
  });

  it('validates its options', () => {
    expect(messageArtifact.options.safeParse({ type: 'message' }).success).toBe(true);
    expect(messageArtifact.options.safeParse({ type: 'table' }).success).toBe(false);
  });

  it('reviews as a quoted, escaped preview', () => {
    const { blocks, truncated } = messageArtifact.renderReview({ text: 'Hi <!here>,\n\nthanks & bye' }, options, 46);
    expect(truncated).toBe(false);
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '>Hi &lt;!here&gt;,\n>\n>thanks &amp; bye' } },
    ]);
  });

  it('stays within limits for a megabyte of text and says it cut', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} <@U1> ${'w'.repeat(40)}`).join('\n');
    const { blocks, truncated } = messageArtifact.renderReview({ text }, options, 46);
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    expect(textOf(blocks.at(-1))).toMatch(/^_…\d+ more lines not shown_$/);
    const oneLine = messageArtifact.renderReview({ text: 'x'.repeat(1_000_000) }, options, 46);
    expect(oneLine.truncated).toBe(true);
    assertWithinBlockKitLimits(oneLine.blocks);
  });

  it('honours a smaller budget', () => {
    const { blocks } = messageArtifact.renderReview({ text: 'y\n'.repeat(10_000) }, options, 2, 500);
    expect(blocks.length).toBeLessThanOrEqual(2);
    assertWithinBlockKitLimits(blocks, { maxTotalText: 500 });
  });

  it('posts the text as written, within limits', () => {
    const post = messageArtifact.renderPost({ text: 'Hello <@U1>' }, options);
    expect(post).toEqual({
      text: 'Hello <@U1>',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello <@U1>' } }],
    });
    const big = messageArtifact.renderPost({ text: 'z'.repeat(1_000_000) }, options);
    assertWithinBlockKitLimits(big.blocks, { text: big.text });
    expect(big.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('is corrected as a whole, has no files, and reads as its text', () => {
    expect(messageArtifact.targets({ text: 'a' }, options)).toEqual([]);
    expect(messageArtifact.approvedFiles({ text: 'a' }, options)).toEqual([]);
    expect(messageArtifact.toText({ text: 'a\nb' }, options)).toBe('a\nb');
    expect(messageArtifact.guidance(options)).toMatch(/Slack message/);
  });
});
