import { describe, expect, it } from 'vitest';
import { retryWhileUnavailable } from '../../src/db/retry-while-unavailable.js';

const outage = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('retryWhileUnavailable', () => {
  it('tries again while the database is unreachable, telling once, and returns what the task gives', async () => {
    let calls = 0;
    const waits: unknown[] = [];
    const result = await retryWhileUnavailable(
      async () => {
        calls += 1;
        if (calls < 3) throw outage();
        return 'stored';
      },
      { waitMs: 5_000, onWait: (err) => waits.push(err) },
    );
    expect(result).toBe('stored');
    expect(calls).toBe(3);
    expect(waits).toHaveLength(1);
  });

  it('gives up with the last error once waitMs passed, trying a last time at the deadline', async () => {
    let calls = 0;
    const started = Date.now();
    await expect(
      retryWhileUnavailable(
        async () => {
          calls += 1;
          throw outage();
        },
        { waitMs: 400 },
      ),
    ).rejects.toMatchObject({ code: '57P01' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(calls).toBeGreaterThanOrEqual(3); // 0, 100, 300, 400 ms
  });

  it('throws any other error at once, and tries only once with no waitMs', async () => {
    let calls = 0;
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    await expect(
      retryWhileUnavailable(
        async () => {
          calls += 1;
          throw unique;
        },
        { waitMs: 5_000 },
      ),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);
    await expect(
      retryWhileUnavailable(
        async () => {
          calls += 1;
          throw outage();
        },
        { waitMs: 0 },
      ),
    ).rejects.toMatchObject({ code: '57P01' });
    expect(calls).toBe(2);
  });
});
