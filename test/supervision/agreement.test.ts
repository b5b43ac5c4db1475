import { describe, expect, it } from 'vitest';
import { agreement } from '../../src/supervision/agreement.js';

describe('agreement', () => {
  it('is 1 for the same words, whatever the case and punctuation', () => {
    expect(agreement('Hello Alice, your refund is on its way.', 'hello alice your refund is on its way')).toBe(1);
  });
  it('is 0 for nothing in common, and for one empty side', () => {
    expect(agreement('refund approved today', 'shipping delayed again')).toBe(0);
    expect(agreement('', 'something')).toBe(0);
    expect(agreement('', '')).toBe(1);
  });
  it('falls as content is dropped or invented', () => {
    const approved = 'Your refund of 40 euros was sent today and arrives within five days';
    const close = agreement(approved, 'Your refund of 40 euros was sent today and should arrive within five days');
    const far = agreement(approved, 'We cannot refund you, please contact your bank');
    expect(close).toBeGreaterThan(0.7);
    expect(close).toBeLessThan(1);
    expect(far).toBeLessThan(0.2);
  });
});
