import { describe, expect, it } from 'vitest';
import { OnApproveStep, stepKindOf, stepKinds, writtenStep } from '../../src/steps/index.js';

/**
 * One step per registered kind, as a spec writes it, with a secret where the kind can hold one.
 * A new kind without a sample fails below with "no sample for <kind>".
 */
const SAMPLES: Record<string, { written: Record<string, unknown>; secret?: string; channels: string[] }> = {
  post: { written: { post: '#sales-pipeline' }, channels: ['#sales-pipeline'] },
  webhook: {
    written: { webhook: { url: 'https://hooks.example/pipeline', secret: 'shh' } },
    secret: 'shh',
    channels: [],
  },
};

describe('the on_approve step registry', () => {
  for (const kind of stepKinds.keys()) {
    describe(kind, () => {
      const sample = SAMPLES[kind];

      it('has a sample', () => {
        expect(sample, `no sample for ${kind}`).toBeDefined();
      });

      it('parses its sample into a step of its kind, written back as the spec wrote it (secrets redacted)', () => {
        if (sample === undefined) throw new Error(`no sample for ${kind}`);
        const step = OnApproveStep.parse(sample.written);
        expect(step.kind).toBe(kind);
        expect(stepKindOf(step).kind).toBe(kind);
        const written = writtenStep(step);
        expect(Object.keys(written)).toEqual([kind]);
        if (sample.secret === undefined) {
          expect(written).toEqual(sample.written);
        } else {
          expect(JSON.stringify(written)).not.toContain(sample.secret);
          expect(JSON.stringify(written)).toContain('[redacted]');
        }
      });

      it('describes itself and names its channels', () => {
        if (sample === undefined) throw new Error(`no sample for ${kind}`);
        const step = OnApproveStep.parse(sample.written);
        const module = stepKindOf(step);
        expect(module.describe(step)).toMatch(/\S/);
        expect(module.channels(step).map((c) => c.ref)).toEqual(sample.channels);
        expect(module.usage).toContain(`${kind}:`);
      });
    });
  }

  it('has no sample for a kind that is not registered', () => {
    expect(Object.keys(SAMPLES).filter((kind) => !stepKinds.has(kind))).toEqual([]);
  });

  it('refuses a step with no kind, two kinds or an unknown key, saying what a step is', () => {
    const usage = 'each on_approve step is either `post: <channel>` or `webhook: { url, secret? }`';
    expect(OnApproveStep.safeParse({}).error?.issues.map((i) => i.message)).toEqual([usage]);
    expect(
      OnApproveStep.safeParse({ post: '#a', webhook: { url: 'https://x.example' } }).error?.issues.map(
        (i) => i.message,
      ),
    ).toEqual([usage]);
    expect(OnApproveStep.safeParse({ posts: '#a' }).error?.issues.map((i) => i.code)).toContain('unrecognized_keys');
  });
});
