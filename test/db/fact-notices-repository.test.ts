import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { pendingReviewsUsingFact } from '../../src/db/artifacts-repository.js';
import {
  claimFactNotice,
  type FactNoticeKey,
  factNoticeSubject,
  getFactNotice,
  heldFactNotices,
  markFactNoticeSent,
  parseFactNoticeSubject,
} from '../../src/db/fact-notices-repository.js';
import { recordRunFacts } from '../../src/db/facts-repository.js';
import { heartbeat, markInstanceStopped } from '../../src/db/instances-repository.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

function newKey(): FactNoticeKey {
  return { factId: `fact-${randomUUID().slice(0, 8)}`, version: 2, dueAt: new Date('2026-11-01T09:30:00.123Z') };
}

async function liveInstance(): Promise<string> {
  const id = `inst-${randomUUID()}`;
  await heartbeat(database.db, id);
  return id;
}

function claimant(instanceId: string, retryAfterMs = 60_000) {
  return { instanceId, retryAfterMs, silentMs: 15_000 };
}

async function claimedAgo(key: FactNoticeKey, agoMs: number): Promise<void> {
  await sql`update fact_notices set claimed_at = now() - ${agoMs} * interval '1 millisecond' where fact_id = ${key.factId}`.execute(
    database.db,
  );
}

describe('fact notice subjects', () => {
  it('name one period and are read back', () => {
    const key = newKey();
    expect(factNoticeSubject(key)).toBe(`verify:${key.factId}:2:2026-11-01T09:30:00.123Z`);
    expect(parseFactNoticeSubject(factNoticeSubject(key))).toEqual(key);
    for (const other of ['dispute:abc', 'verify:x:y:2026-11-01T09:30:00.123Z', 'verify:x:1:tomorrow', 'verify:x:1:'])
      expect(parseFactNoticeSubject(other)).toBeUndefined();
  });
});

describe('claimFactNotice', () => {
  it('gives one period to exactly one of the replicas claiming it at once', async () => {
    const key = newKey();
    const replicas = await Promise.all([liveInstance(), liveInstance(), liveInstance()]);
    const won = await Promise.all(replicas.map((id) => claimFactNotice(database.db, key, claimant(id))));
    expect(won.filter(Boolean)).toHaveLength(1);
    expect((await getFactNotice(database.db, key))?.claimedBy).toBe(replicas[won.indexOf(true)]);
    // Another period of the same version, or another version, is another claim.
    expect(await claimFactNotice(database.db, { ...key, dueAt: new Date() }, claimant(replicas[0]!))).toBe(true);
    expect(await claimFactNotice(database.db, { ...key, version: 3 }, claimant(replicas[1]!))).toBe(true);
  });

  it('lets its claimer try an unsent notice again only after retryAfterMs, and never a sent one', async () => {
    const key = newKey();
    const me = await liveInstance();
    expect(await claimFactNotice(database.db, key, claimant(me))).toBe(true);
    expect(await claimFactNotice(database.db, key, claimant(me))).toBe(false);
    await claimedAgo(key, 61_000);
    expect(await claimFactNotice(database.db, key, claimant(me))).toBe(true);
    await markFactNoticeSent(database.db, key);
    await claimedAgo(key, 600_000);
    expect(await claimFactNotice(database.db, key, claimant(me))).toBe(false);
    expect((await getFactNotice(database.db, key))?.sentAt).toBeInstanceOf(Date);
  });

  it('leaves the unsent notice of a live replica alone, and takes over that of a dead or stopped one', async () => {
    const [alive, dead, stopped, me] = await Promise.all([
      liveInstance(),
      liveInstance(),
      liveInstance(),
      liveInstance(),
    ]);
    await sql`update instances set heartbeat_at = now() - interval '1 minute' where id = ${dead}`.execute(database.db);
    await markInstanceStopped(database.db, stopped);
    const [a, b, c] = [newKey(), newKey(), newKey()];
    expect(await claimFactNotice(database.db, a, claimant(alive))).toBe(true);
    expect(await claimFactNotice(database.db, b, claimant(dead))).toBe(true);
    expect(await claimFactNotice(database.db, c, claimant(stopped))).toBe(true);
    for (const key of [a, b, c]) await claimedAgo(key, 120_000);
    expect(await claimFactNotice(database.db, a, claimant(me))).toBe(false);
    expect(await claimFactNotice(database.db, b, claimant(me))).toBe(true);
    expect(await claimFactNotice(database.db, c, claimant(me))).toBe(true);
    expect((await getFactNotice(database.db, b))?.claimedBy).toBe(me);
    // Taken over once: the next replica finds it held by a live one.
    const next = await liveInstance();
    expect(await claimFactNotice(database.db, b, claimant(next))).toBe(false);
  });
});

describe('heldFactNotices', () => {
  it('names the notices sent or held by someone else, not those free to claim', async () => {
    const [me, other] = await Promise.all([liveInstance(), liveInstance()]);
    const [sent, heldByOther, mineRecent, mineOld, never] = [newKey(), newKey(), newKey(), newKey(), newKey()];
    await claimFactNotice(database.db, sent, claimant(me));
    await markFactNoticeSent(database.db, sent);
    await claimFactNotice(database.db, heldByOther, claimant(other));
    await claimFactNotice(database.db, mineRecent, claimant(me));
    await claimFactNotice(database.db, mineOld, claimant(me));
    await claimedAgo(mineOld, 120_000);
    const held = await heldFactNotices(database.db, [sent, heldByOther, mineRecent, mineOld, never], claimant(me));
    expect([...held].sort()).toEqual([sent, heldByOther, mineRecent].map(factNoticeSubject).sort());
    expect(await heldFactNotices(database.db, [], claimant(me))).toEqual(new Set());
  });
});

describe('pendingReviewsUsingFact', () => {
  it('lists the pending reviews in Slack whose runs used that version, newest first, at most limit', async () => {
    const factId = `fact-${randomUUID().slice(0, 8)}`;
    const seeded = [];
    for (let i = 0; i < 3; i += 1) {
      const run = await seedRun(database.db);
      await recordRunFacts(database.db, run.id, [{ id: factId, version: 1 }]);
      seeded.push(await seedArtifact(database.db, run, { created_at: new Date(Date.now() + i * 1000) }));
    }
    const other = await seedRun(database.db);
    await recordRunFacts(database.db, other.id, [{ id: factId, version: 2 }]);
    await seedArtifact(database.db, other);
    const decided = await seedRun(database.db);
    await recordRunFacts(database.db, decided.id, [{ id: factId, version: 1 }]);
    await seedArtifact(database.db, decided, { status: 'approved', decided_by: 'U1', decided_at: new Date() });
    const notShown = await seedRun(database.db);
    await recordRunFacts(database.db, notShown.id, [{ id: factId, version: 1 }]);
    await seedArtifact(database.db, notShown, { message_ts: null });

    const found = await pendingReviewsUsingFact(database.db, { factId, version: 1 }, 2);
    expect(found.map((a) => a.id)).toEqual([seeded[2]!.id, seeded[1]!.id]);
  });
});
