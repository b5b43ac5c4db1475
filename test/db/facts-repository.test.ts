import { describe, expect, it } from 'vitest';
import {
  type FactContent,
  factCheckStates,
  factKey,
  factsOfRun,
  recordFactCheck,
  recordRunFacts,
  storeFactVersions,
} from '../../src/db/facts-repository.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const fact = (id: string, hash: string): FactContent => ({
  id,
  hash,
  title: `Title of ${id}`,
  owner: '@support-leads',
  verifyEveryMs: 90 * 86_400_000,
  body: `Body ${hash}`,
});

describe('storeFactVersions', () => {
  it('numbers contents per fact, keeps a known content, and makes a content changed back a new version', async () => {
    const first = await storeFactVersions(database.db, [fact('refund-policy', 'a'), fact('price-list', 'p')]);
    expect(first.get('refund-policy')?.version).toBe(1);
    expect(first.get('price-list')?.version).toBe(1);
    const again = await storeFactVersions(database.db, [fact('refund-policy', 'a')]);
    expect(again.get('refund-policy')).toEqual(first.get('refund-policy'));
    expect((await storeFactVersions(database.db, [fact('refund-policy', 'b')])).get('refund-policy')?.version).toBe(2);
    // Back to the first content: a change all the same, which verifies it again.
    const back = await storeFactVersions(database.db, [fact('refund-policy', 'a')]);
    expect(back.get('refund-policy')?.version).toBe(3);
    expect(back.get('refund-policy')!.versionAt.getTime()).toBeGreaterThanOrEqual(
      first.get('refund-policy')!.versionAt.getTime(),
    );
    const rows = await database.db
      .selectFrom('fact_versions')
      .select(['version', 'hash', 'verify_every_s'])
      .where('fact_id', '=', 'refund-policy')
      .orderBy('version')
      .execute();
    expect(rows).toEqual([
      { version: 1, hash: 'a', verify_every_s: 7_776_000 },
      { version: 2, hash: 'b', verify_every_s: 7_776_000 },
      { version: 3, hash: 'a', verify_every_s: 7_776_000 },
    ]);
  });

  it('gives one version to the same new content stored by several replicas at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 4 }, () => storeFactVersions(database.db, [fact('sop', 'x')])),
    );
    expect(new Set(results.map((r) => r.get('sop')?.version))).toEqual(new Set([1]));
    const rows = await database.db.selectFrom('fact_versions').select('version').where('fact_id', '=', 'sop').execute();
    expect(rows).toHaveLength(1);
  });

  it('stores nothing for no facts', async () => {
    expect((await storeFactVersions(database.db, [])).size).toBe(0);
  });
});

describe('fact checks', () => {
  it('says what the newest word on each version is: verified, or needs a change after it', async () => {
    await storeFactVersions(database.db, [fact('refund-policy', 'a'), fact('price-list', 'p')]);
    await recordFactCheck(database.db, {
      id: 'c1',
      factId: 'refund-policy',
      version: 1,
      result: 'verified',
      userId: 'U1',
    });
    await recordFactCheck(database.db, {
      id: 'c2',
      factId: 'price-list',
      version: 1,
      result: 'verified',
      userId: 'U1',
    });
    await new Promise((r) => setTimeout(r, 5));
    await recordFactCheck(database.db, {
      id: 'c3',
      factId: 'price-list',
      version: 1,
      result: 'needs_change',
      userId: 'U2',
      note: 'Prices rose in June.',
    });
    const states = await factCheckStates(database.db, [
      { id: 'refund-policy', version: 1 },
      { id: 'price-list', version: 1 },
      { id: 'refund-policy', version: 2 },
    ]);
    expect(states.get(factKey('refund-policy', 1))).toMatchObject({ verifiedBy: 'U1' });
    expect(states.get(factKey('refund-policy', 1))?.needsChange).toBeUndefined();
    expect(states.get(factKey('price-list', 1))).toMatchObject({
      verifiedBy: 'U1',
      needsChange: { by: 'U2', note: 'Prices rose in June.' },
    });
    expect(states.has(factKey('refund-policy', 2))).toBe(false);

    // A Verify after "needs a change" clears it.
    await new Promise((r) => setTimeout(r, 5));
    await recordFactCheck(database.db, {
      id: 'c4',
      factId: 'price-list',
      version: 1,
      result: 'verified',
      userId: 'U3',
    });
    const later = await factCheckStates(database.db, [{ id: 'price-list', version: 1 }]);
    expect(later.get(factKey('price-list', 1))).toEqual({ verifiedAt: expect.any(Date), verifiedBy: 'U3' });
  });
});

describe('run facts', () => {
  it('records the versions a run was given once, and reads them back with their titles', async () => {
    await storeFactVersions(database.db, [fact('refund-policy', 'a'), fact('price-list', 'p')]);
    await recordRunFacts(database.db, 'run-1', [
      { id: 'refund-policy', version: 1 },
      { id: 'price-list', version: 1 },
    ]);
    await recordRunFacts(database.db, 'run-1', [{ id: 'refund-policy', version: 1 }]);
    const used = await factsOfRun(database.db, 'run-1');
    expect(used.map((u) => [u.factId, u.version, u.title])).toEqual([
      ['price-list', 1, 'Title of price-list'],
      ['refund-policy', 1, 'Title of refund-policy'],
    ]);
    expect(used[0]?.verifyEveryS).toBe(7_776_000);
  });
});
