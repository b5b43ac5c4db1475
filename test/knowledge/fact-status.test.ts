import { describe, expect, it } from 'vitest';
import { factStatus } from '../../src/knowledge/fact-status.js';

const DAY = 86_400_000;
const now = new Date('2026-12-01T12:00:00Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);

describe('factStatus', () => {
  it('counts a fact as verified by its change until someone verifies it, and due after verify_every', () => {
    const fresh = factStatus({ versionAt: ago(10), verifyEveryMs: 90 * DAY }, undefined, 0, now);
    expect(fresh).toEqual({
      verifiedAt: ago(10),
      dueAt: new Date(ago(10).getTime() + 90 * DAY),
      due: false,
      openDisputes: 0,
      disputed: false,
    });
    expect(factStatus({ versionAt: ago(91), verifyEveryMs: 90 * DAY }, undefined, 0, now).due).toBe(true);
  });

  it('takes a later Verify, with who did it, and ignores one older than the change', () => {
    const verified = factStatus(
      { versionAt: ago(100), verifyEveryMs: 90 * DAY },
      { verifiedAt: ago(2), verifiedBy: 'U1' },
      0,
      now,
    );
    expect(verified).toMatchObject({ verifiedAt: ago(2), verifiedBy: 'U1', due: false });
    const older = factStatus(
      { versionAt: ago(5), verifyEveryMs: 90 * DAY },
      { verifiedAt: ago(50), verifiedBy: 'U1' },
      0,
      now,
    );
    expect(older.verifiedAt).toEqual(ago(5));
    expect(older.verifiedBy).toBeUndefined();
  });

  it('is disputed while its newest word is "needs a change" or corrections wait for its owner', () => {
    const needsChange = { by: 'U2', at: ago(1), note: 'Prices rose.' };
    expect(factStatus({ versionAt: ago(5), verifyEveryMs: 90 * DAY }, { needsChange }, 0, now)).toMatchObject({
      disputed: true,
      needsChange,
    });
    expect(factStatus({ versionAt: ago(5), verifyEveryMs: 90 * DAY }, undefined, 2, now)).toMatchObject({
      disputed: true,
      openDisputes: 2,
    });
  });
});
