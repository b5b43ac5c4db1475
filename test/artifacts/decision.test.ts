import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decisionArtifact, decisionContentSchema } from '../../src/artifacts/decision.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'decision', labels: ['refund', 'no_refund', 'escalate'] } as const satisfies {
  type: 'decision';
  labels: string[];
};
const content = {
  label: 'escalate',
  confidence: 0.824,
  reasons: ['Amount over the limit.', 'Customer is <!here> VIP.'],
};

describe('decision artifact', () => {
  it('accepts only the declared labels and a confidence in 0..1', () => {
    const schema = decisionContentSchema(options);
    expect(schema.parse(content)).toEqual(content);
    expect(schema.safeParse({ ...content, label: 'maybe' }).success).toBe(false);
    expect(schema.safeParse({ ...content, confidence: 1.2 }).success).toBe(false);
    expect(schema.safeParse({ ...content, confidence: -0.1 }).success).toBe(false);
    expect(schema.safeParse({ ...content, reasons: [] }).success).toBe(false);
  });

  it('validates its options: at least two labels', () => {
    expect(decisionArtifact.options.safeParse({ type: 'decision', labels: ['a'] }).success).toBe(false);
    expect(decisionArtifact.options.safeParse({ type: 'decision', labels: ['a', 'b'] }).success).toBe(true);
  });

  it('has a JSON object schema with the labels as an enum', () => {
    expect(z.toJSONSchema(decisionContentSchema(options))).toMatchObject({
      type: 'object',
      required: ['label', 'confidence', 'reasons'],
      properties: {
        label: { enum: ['refund', 'no_refund', 'escalate'] },
        confidence: { type: 'number', minimum: 0, maximum: 1 },
      },
    });
  });

  it('reviews as the call, the confidence as a percentage and the reasons', () => {
    const { blocks, truncated } = decisionArtifact.renderReview(content, options, 46);
    expect(truncated).toBe(false);
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Decision:* escalate\n*Confidence:* 82%\n*Reasons:*' } },
      { type: 'section', text: { type: 'mrkdwn', text: '• Amount over the limit.\n• Customer is &lt;!here&gt; VIP.' } },
    ]);
  });

  it('stays within limits for endless reasons', () => {
    const { blocks, truncated } = decisionArtifact.renderReview(
      { ...content, reasons: Array.from({ length: 5000 }, () => 'r'.repeat(4000)) },
      options,
      46,
    );
    expect(truncated).toBe(true);
    assertWithinBlockKitLimits(blocks);
    expect(textOf(blocks[0])).toContain('*Decision:* escalate');
  });

  it('is corrected as a whole and posts the call without buttons', () => {
    expect(decisionArtifact.targets(content, options)).toEqual([]);
    const post = decisionArtifact.renderPost(content, options);
    expect(post.text).toBe('Decision: escalate (confidence 82%)');
    expect(post.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(decisionArtifact.approvedFiles(content, options)).toEqual([]);
  });

  it('reads as plain text', () => {
    expect(decisionArtifact.toText(content, options)).toBe(
      'Decision: escalate (confidence 82%)\n\nReasons:\n- Amount over the limit.\n- Customer is <!here> VIP.\n',
    );
  });

  it('tells the model the labels', () => {
    expect(decisionArtifact.guidance(options)).toContain('"refund", "no_refund", "escalate"');
  });
});
