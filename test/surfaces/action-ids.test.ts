import { describe, expect, it } from 'vitest';
import { CoworkerError } from '../../src/errors.js';
import {
  actionIds,
  decodeReviewRef,
  decodeRunRef,
  encodeReviewRef,
  encodeRunRef,
} from '../../src/surfaces/action-ids.js';

describe('action ids', () => {
  it('are the stable ids listeners register on', () => {
    expect(actionIds).toEqual({
      reviewApprove: 'review_approve',
      reviewReject: 'review_reject',
      reviewEdit: 'review_edit',
      reviewRerun: 'review_rerun',
      runRetry: 'run_retry',
      correctionRevise: 'correction_revise',
      correctionRetire: 'correction_retire',
      homePrevious: 'home_previous',
      homeNext: 'home_next',
      homeChannel: 'home_channel',
      factVerify: 'fact_verify',
      factNeedsChange: 'fact_needs_change',
      disputeKeepFact: 'dispute_keep_fact',
      disputeCorrectionRight: 'dispute_correction_right',
      disputeBothTrue: 'dispute_both_true',
    });
  });
});

describe('review refs', () => {
  it('round-trip an artifact id and version', () => {
    const value = encodeReviewRef({ artifactId: 'art_01HX', version: 3 });
    expect(value.length).toBeLessThanOrEqual(2000);
    expect(decodeReviewRef(value)).toEqual({ artifactId: 'art_01HX', version: 3 });
  });

  it('decode garbage to undefined', () => {
    for (const value of [
      '',
      'not json',
      '{',
      'null',
      '[]',
      '"art"',
      '{"artifactId":"a"}',
      '{"artifactId":"a","version":0}',
      '{"artifactId":"a","version":1.5}',
      '{"artifactId":"","version":1}',
      '{"artifactId":"a","version":"1"}',
      '{"artifactId":"a","version":1,"extra":true}',
      `{"artifactId":"${'a'.repeat(2000)}","version":1}`,
    ]) {
      expect(decodeReviewRef(value), value.slice(0, 60)).toBeUndefined();
    }
  });

  it('refuse to encode a value Slack would reject', () => {
    expect(() => encodeReviewRef({ artifactId: 'a'.repeat(2000), version: 1 })).toThrow(CoworkerError);
  });
});

describe('run refs', () => {
  it('round-trip a run id and reject garbage', () => {
    expect(decodeRunRef(encodeRunRef('run_42'))).toBe('run_42');
    expect(decodeRunRef('run_42')).toBeUndefined();
    expect(decodeRunRef(encodeReviewRef({ artifactId: 'a', version: 1 }))).toBeUndefined();
    expect(decodeReviewRef(encodeRunRef('run_42'))).toBeUndefined();
  });
});
