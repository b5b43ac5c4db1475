import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  getArtifact,
  insertArtifact,
  insertVersion,
  newestInThread,
  transitionArtifact,
} from '../../src/db/artifacts-repository.js';
import {
  activeCorrections,
  insertCorrection,
  listActiveCorrections,
  recordCorrectionUses,
  retireCorrection,
} from '../../src/db/corrections-repository.js';
import { heartbeat, markInstanceStopped, runsOfSilentInstances } from '../../src/db/instances-repository.js';
import { finishRun, insertRun, unfinishedRunsOf } from '../../src/db/runs-repository.js';
import { claimScheduleSlot } from '../../src/db/schedule-slots-repository.js';
import type { NewArtifact, NewCorrection } from '../../src/db/schema.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const MINUTE = 60_000;

async function newRun(o: { agent?: string; instanceId?: string | null; status?: 'queued' | 'running' } = {}) {
  return insertRun(database.db, {
    id: randomUUID(),
    agent: o.agent ?? 'support-reply',
    trigger_kind: 'command',
    trigger_user: 'U1',
    channel_id: 'C1',
    thread_ts: null,
    input: 'hi',
    status: o.status ?? 'running',
    spec_hash: null,
    trigger_detail: null,
    error_code: null,
    error_message: null,
    instance_id: o.instanceId ?? null,
    status_ts: null,
    retry_of: null,
    model: null,
    cost_usd: null,
    started_at: null,
    finished_at: null,
  });
}

function artifactValues(o: {
  runId: string;
  version?: number;
  lineageId?: string;
  id?: string;
  status?: 'pending' | 'approved';
  channelId?: string | null;
  threadTs?: string | null;
  createdAt?: Date;
}): NewArtifact {
  const id = o.id ?? randomUUID();
  return {
    id,
    run_id: o.runId,
    agent: 'support-reply',
    type: 'message',
    options: JSON.stringify({ type: 'message' }),
    content: JSON.stringify({ text: `v${o.version ?? 1}` }),
    version: o.version ?? 1,
    lineage_id: o.lineageId ?? id,
    status: o.status ?? 'pending',
    expires_at: null,
    channel_id: o.channelId ?? 'C1',
    message_ts: null,
    thread_ts: o.threadTs ?? null,
    decided_by: null,
    decided_at: null,
    ...(o.createdAt ? { created_at: o.createdAt } : {}),
  };
}

async function silentIds(silentMs: number, askingInstanceId = 'the-sweeper'): Promise<string[]> {
  return (await runsOfSilentInstances(database.db, silentMs, askingInstanceId)).map((r) => r.id);
}

async function setHeartbeatBack(instanceId: string, minutes: number): Promise<void> {
  await database.db
    .updateTable('instances')
    .set({ heartbeat_at: sql<Date>`now() - ${minutes} * interval '1 minute'` })
    .where('id', '=', instanceId)
    .execute();
}

const label = process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite';

describe(`claimScheduleSlot on ${label}`, () => {
  it('lets exactly one of two concurrent claimers of a slot win', async () => {
    const slot = new Date('2025-03-03T09:00:00.000Z');
    const job = `digest-${randomUUID()}#0`;
    const claims = await Promise.all([
      claimScheduleSlot(database.db, { job, slot, instanceId: 'a' }),
      claimScheduleSlot(database.db, { job, slot, instanceId: 'b' }),
    ]);
    expect(claims.filter((c) => c)).toHaveLength(1);
    const rows = await database.db.selectFrom('schedule_slots').selectAll().where('job', '=', job).execute();
    expect(rows).toHaveLength(1);
    // The stored claimer is the one that was told it won.
    expect(rows[0]?.claimed_by).toBe(claims[0] ? 'a' : 'b');
  });

  it('lets exactly one of ten concurrent claimers win, and a late claimer loses too', async () => {
    const slot = new Date('2025-03-03T09:00:00.000Z');
    const job = `digest-${randomUUID()}#0`;
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => claimScheduleSlot(database.db, { job, slot, instanceId: `i${i}` })),
    );
    expect(claims.filter((c) => c)).toHaveLength(1);
    expect(await claimScheduleSlot(database.db, { job, slot, instanceId: 'late' })).toBe(false);
  });

  it('lets different slots of one job, and one slot of different jobs, each be claimed', async () => {
    const job = `digest-${randomUUID()}`;
    const nine = new Date('2025-03-03T09:00:00.000Z');
    const ten = new Date('2025-03-03T10:00:00.000Z');
    const claims = await Promise.all([
      claimScheduleSlot(database.db, { job: `${job}#0`, slot: nine, instanceId: 'a' }),
      claimScheduleSlot(database.db, { job: `${job}#0`, slot: ten, instanceId: 'b' }),
      claimScheduleSlot(database.db, { job: `${job}#1`, slot: nine, instanceId: 'c' }),
    ]);
    expect(claims).toEqual([true, true, true]);
  });
});

describe(`instances and silent runs on ${label}`, () => {
  it('does not return a run whose instance heartbeats now, and returns it once the heartbeat is older than the threshold', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const run = await newRun({ instanceId: instance });
    expect(await silentIds(30_000)).not.toContain(run.id);

    await setHeartbeatBack(instance, 1);
    expect(await silentIds(30_000)).toContain(run.id);
    // Not yet silent for the longer threshold.
    expect(await silentIds(2 * MINUTE)).not.toContain(run.id);

    // A fresh heartbeat brings it back to life.
    await heartbeat(database.db, instance);
    expect(await silentIds(30_000)).not.toContain(run.id);
  });

  it('returns queued runs of a silent instance too, but never finished runs', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const queued = await newRun({ instanceId: instance, status: 'queued' });
    const succeeded = await newRun({ instanceId: instance });
    const failed = await newRun({ instanceId: instance });
    const interrupted = await newRun({ instanceId: instance });
    expect(await finishRun(database.db, succeeded.id, { status: 'succeeded' })).toBe(true);
    expect(await finishRun(database.db, failed.id, { status: 'failed', errorCode: 'model_failed' })).toBe(true);
    expect(await finishRun(database.db, interrupted.id, { status: 'interrupted', errorCode: 'run_interrupted' })).toBe(
      true,
    );
    await setHeartbeatBack(instance, 5);

    const ids = await silentIds(30_000);
    expect(ids).toContain(queued.id);
    expect(ids).not.toContain(succeeded.id);
    expect(ids).not.toContain(failed.id);
    expect(ids).not.toContain(interrupted.id);
  });

  it('returns a run whose instance never heartbeat only once the run is older than the threshold', async () => {
    const run = await newRun({ instanceId: `never-${randomUUID()}` });
    expect(await silentIds(MINUTE)).not.toContain(run.id);
    await sql`update runs set created_at = now() - interval '2 minutes' where id = ${run.id}`.execute(database.db);
    expect(await silentIds(MINUTE)).toContain(run.id);
    expect(await silentIds(5 * MINUTE)).not.toContain(run.id);
  });

  it('judges an instance by its heartbeat, not by the age of its run', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const run = await newRun({ instanceId: instance });
    await sql`update runs set created_at = now() - interval '10 minutes' where id = ${run.id}`.execute(database.db);
    expect(await silentIds(MINUTE)).not.toContain(run.id);
  });

  it('never takes the asking instance for dead, however old its heartbeat (after a database outage)', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const run = await newRun({ instanceId: instance });
    await setHeartbeatBack(instance, 5);
    expect(await silentIds(30_000, instance)).not.toContain(run.id);
    expect(await silentIds(30_000)).toContain(run.id);
  });

  it("lists an instance's own unfinished runs older than the grace, and no one else's", async () => {
    const instance = `inst-${randomUUID()}`;
    const old = await newRun({ instanceId: instance, status: 'queued' });
    const fresh = await newRun({ instanceId: instance });
    const finished = await newRun({ instanceId: instance });
    const another = await newRun({ instanceId: `other-${randomUUID()}` });
    expect(await finishRun(database.db, finished.id, { status: 'failed', errorCode: 'database_unavailable' })).toBe(
      true,
    );
    await sql`update runs set created_at = now() - interval '2 minutes' where id in (${old.id}, ${finished.id}, ${another.id})`.execute(
      database.db,
    );
    expect((await unfinishedRunsOf(database.db, instance, MINUTE)).map((r) => r.id)).toEqual([old.id]);
    expect((await unfinishedRunsOf(database.db, instance, 0)).map((r) => r.id).sort()).toEqual(
      [old.id, fresh.id].sort(),
    );
  });

  it('marks an instance stopped, and a later heartbeat clears the mark', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const first = await database.db
      .selectFrom('instances')
      .selectAll()
      .where('id', '=', instance)
      .executeTakeFirstOrThrow();
    expect(first.stopped_at).toBeNull();
    expect(first.heartbeat_at).toBeInstanceOf(Date);

    await markInstanceStopped(database.db, instance);
    const stopped = await database.db
      .selectFrom('instances')
      .selectAll()
      .where('id', '=', instance)
      .executeTakeFirstOrThrow();
    expect(stopped.stopped_at).toBeInstanceOf(Date);

    await setHeartbeatBack(instance, 1);
    await heartbeat(database.db, instance);
    const again = await database.db
      .selectFrom('instances')
      .selectAll()
      .where('id', '=', instance)
      .executeTakeFirstOrThrow();
    expect(again.stopped_at).toBeNull();
    expect(again.heartbeat_at.getTime()).toBeGreaterThan(stopped.heartbeat_at.getTime() - MINUTE / 2);
    // One row per instance, however often it heartbeats.
    const count = await database.db
      .selectFrom('instances')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', instance)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('does not create an instance row when marking an unknown instance stopped', async () => {
    const instance = `ghost-${randomUUID()}`;
    await markInstanceStopped(database.db, instance);
    expect(
      await database.db.selectFrom('instances').selectAll().where('id', '=', instance).executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe(`corrections repository on ${label}`, () => {
  async function fixture(agent: string) {
    const run = await newRun({ agent });
    const artifact = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    return { run, artifact };
  }

  function correction(
    f: { runId: string; artifactId: string },
    o: Partial<NewCorrection> & { agent: string },
  ): NewCorrection {
    return {
      id: randomUUID(),
      run_id: f.runId,
      artifact_id: f.artifactId,
      author: 'U2',
      source: 'reply',
      text: 'Use EUR',
      target: null,
      kind: 'fact',
      before: null,
      after: null,
      instruction: 'Quote prices in EUR.',
      extraction: 'done',
      status: 'active',
      channel_id: 'C1',
      thread_ts: '100.000',
      message_ts: `${Math.random()}`,
      ack_ts: null,
      retired_by: null,
      retired_at: null,
      ...o,
    };
  }

  it('records one correction per Slack message, however often it is delivered', async () => {
    const agent = `agent-${randomUUID()}`;
    const { run, artifact } = await fixture(agent);
    const f = { runId: run.id, artifactId: artifact.id };
    const first = await insertCorrection(
      database.db,
      correction(f, { agent, channel_id: 'C1', message_ts: '200.001' }),
    );
    expect(first).toMatchObject({ agent, text: 'Use EUR', status: 'active' });
    expect(first?.created_at).toBeInstanceOf(Date);
    expect(
      await insertCorrection(
        database.db,
        correction(f, { agent, channel_id: 'C1', message_ts: '200.001', text: 'again' }),
      ),
    ).toBeUndefined();
    // The same ts in another channel is another message.
    expect(
      await insertCorrection(database.db, correction(f, { agent, channel_id: 'C2', message_ts: '200.001' })),
    ).toBeDefined();
    // Edits have no message: each is kept.
    expect(
      await insertCorrection(
        database.db,
        correction(f, { agent, source: 'edit', kind: 'edit', channel_id: 'C1', message_ts: null }),
      ),
    ).toBeDefined();
    expect(
      await insertCorrection(
        database.db,
        correction(f, { agent, source: 'edit', kind: 'edit', channel_id: 'C1', message_ts: null }),
      ),
    ).toBeDefined();
    const rows = await database.db.selectFrom('corrections').select(['text']).where('agent', '=', agent).execute();
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.text)).not.toContain('again');
  });

  it('gives the agent its own active corrections, newest first, at most `limit`', async () => {
    const agent = `agent-${randomUUID()}`;
    const other = `agent-${randomUUID()}`;
    const mine = await fixture(agent);
    const theirs = await fixture(other);
    const f = { runId: mine.run.id, artifactId: mine.artifact.id };
    const base = Date.now() - 10 * MINUTE;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const row = await insertCorrection(
        database.db,
        correction(f, { agent, instruction: `rule ${i}`, created_at: new Date(base + i * 1000) }),
      );
      ids.push(row?.id ?? '');
    }
    await insertCorrection(
      database.db,
      correction(
        { runId: theirs.run.id, artifactId: theirs.artifact.id },
        { agent: other, instruction: 'not yours', created_at: new Date(base + 10_000) },
      ),
    );
    const retired = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'retired', created_at: new Date(base + 20_000) }),
    );
    expect(await retireCorrection(database.db, retired?.id ?? '', 'U9')).toBeDefined();

    expect((await activeCorrections(database.db, agent, 10)).map((c) => c.instruction)).toEqual([
      'rule 3',
      'rule 2',
      'rule 1',
      'rule 0',
    ]);
    expect((await activeCorrections(database.db, agent, 2)).map((c) => c.id)).toEqual([ids[3], ids[2]]);
    expect(await activeCorrections(database.db, agent, 0)).toEqual([]);
    expect((await activeCorrections(database.db, other, 10)).map((c) => c.instruction)).toEqual(['not yours']);
  });

  it('counts the distinct runs each active correction was used in', async () => {
    const agent = `agent-${randomUUID()}`;
    const { run, artifact } = await fixture(agent);
    const f = { runId: run.id, artifactId: artifact.id };
    const base = Date.now() - 10 * MINUTE;
    const a = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'a', created_at: new Date(base) }),
    );
    const b = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'b', created_at: new Date(base + 1000) }),
    );
    const c = await insertCorrection(
      database.db,
      correction(f, { agent, instruction: 'c', created_at: new Date(base + 2000) }),
    );
    const [r1, r2, r3] = [await newRun({ agent }), await newRun({ agent }), await newRun({ agent })];
    await recordCorrectionUses(database.db, r1.id, [a?.id ?? '', b?.id ?? '']);
    await recordCorrectionUses(database.db, r2.id, [a?.id ?? '']);
    // The same run recorded twice (a retried delivery) counts once.
    await recordCorrectionUses(database.db, r2.id, [a?.id ?? '']);
    await recordCorrectionUses(database.db, r3.id, [a?.id ?? '', b?.id ?? '']);
    await recordCorrectionUses(database.db, r3.id, []);

    const listed = await listActiveCorrections(database.db, agent);
    expect(listed.map((x) => [x.instruction, x.times_used])).toEqual([
      ['c', 0],
      ['b', 2],
      ['a', 3],
    ]);
    expect(typeof listed[0]?.times_used).toBe('number');
    expect((await listActiveCorrections(database.db, agent, 1)).map((x) => x.instruction)).toEqual(['c']);

    await retireCorrection(database.db, b?.id ?? '', 'U9');
    expect((await listActiveCorrections(database.db, agent)).map((x) => x.instruction)).toEqual(['c', 'a']);
    expect(c).toBeDefined();
  });

  it('retires a correction only once, recording who did it', async () => {
    const agent = `agent-${randomUUID()}`;
    const { run, artifact } = await fixture(agent);
    const row = await insertCorrection(database.db, correction({ runId: run.id, artifactId: artifact.id }, { agent }));
    const id = row?.id ?? '';
    const [first, second] = await Promise.all([
      retireCorrection(database.db, id, 'U7'),
      retireCorrection(database.db, id, 'U8'),
    ]);
    expect([first, second].filter((r) => r !== undefined)).toHaveLength(1);
    const winner = first ?? second;
    expect(winner).toMatchObject({ id, status: 'retired' });
    expect(winner?.retired_at).toBeInstanceOf(Date);
    expect(await retireCorrection(database.db, id, 'U9')).toBeUndefined();
    const stored = await database.db
      .selectFrom('corrections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.retired_by).toBe(winner?.retired_by);
    expect(['U7', 'U8']).toContain(stored.retired_by);
    expect(await retireCorrection(database.db, randomUUID(), 'U9')).toBeUndefined();
  });
});

describe(`artifact versions on ${label}`, () => {
  async function lineageCount(lineageId: string): Promise<number> {
    const rows = await database.db.selectFrom('artifacts').select('id').where('lineage_id', '=', lineageId).execute();
    return rows.length;
  }

  it('supersedes the older pending versions of its own lineage only', async () => {
    const run = await newRun();
    const v1 = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    const otherLineage = await insertArtifact(database.db, artifactValues({ runId: run.id }));

    const stored = await insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }));
    expect(stored?.superseded).toEqual([v1.id]);
    expect(stored?.artifact).toMatchObject({ version: 2, lineage_id: v1.id, status: 'pending' });
    expect((await getArtifact(database.db, v1.id))?.status).toBe('superseded');
    expect((await getArtifact(database.db, otherLineage.id))?.status).toBe('pending');

    // v3 supersedes v2; v1 is not superseded again.
    const v3 = await insertVersion(database.db, artifactValues({ runId: run.id, version: 3, lineageId: v1.id }), {
      mustSupersede: stored?.artifact.id ?? '',
    });
    expect(v3?.superseded).toEqual([stored?.artifact.id]);
    expect((await getArtifact(database.db, stored?.artifact.id ?? ''))?.status).toBe('superseded');
  });

  it('leaves a decided version alone, and with mustSupersede stores nothing', async () => {
    const run = await newRun();
    const v1 = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    expect(await transitionArtifact(database.db, { id: v1.id, version: 1, to: 'approved', by: 'U1' })).toBeDefined();

    const refused = await insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }), {
      mustSupersede: v1.id,
    });
    expect(refused).toBeUndefined();
    expect(await lineageCount(v1.id)).toBe(1);
    expect((await getArtifact(database.db, v1.id))?.status).toBe('approved');

    // Without mustSupersede the version is stored but the approved one stays approved.
    const stored = await insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }));
    expect(stored?.superseded).toEqual([]);
    expect(await lineageCount(v1.id)).toBe(2);
    expect((await getArtifact(database.db, v1.id))?.status).toBe('approved');
  });

  it('lets one of two concurrent editors store the next version; the other gets undefined, not an error', async () => {
    const run = await newRun();
    const v1 = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    const results = await Promise.all(
      [1, 2].map(() =>
        insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }), {
          mustSupersede: v1.id,
        }),
      ),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await lineageCount(v1.id)).toBe(2);
  });

  it('stores a first version without superseding anything', async () => {
    const run = await newRun();
    const stored = await insertVersion(database.db, artifactValues({ runId: run.id }));
    expect(stored?.superseded).toEqual([]);
    expect(stored?.artifact.status).toBe('pending');
  });

  it('finds the newest version in a thread, in that channel only', async () => {
    const run = await newRun();
    const thread = `${Date.now()}.000100`;
    const base = Date.now() - 10 * MINUTE;
    const v1 = await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, threadTs: thread, createdAt: new Date(base) }),
    );
    const v2 = await insertArtifact(
      database.db,
      artifactValues({
        runId: run.id,
        version: 2,
        lineageId: v1.id,
        threadTs: thread,
        createdAt: new Date(base + 1000),
      }),
    );
    // Newer, but in another channel's thread with the same ts, and in another thread.
    await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, channelId: 'C2', threadTs: thread, createdAt: new Date(base + 5000) }),
    );
    await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, threadTs: `${thread}9`, createdAt: new Date(base + 5000) }),
    );

    expect((await newestInThread(database.db, 'C1', thread))?.id).toBe(v2.id);
    expect(await newestInThread(database.db, 'C1', 'nope.000')).toBeUndefined();

    // Versions stored in the same instant: the higher version wins.
    const sameTime = `${thread}7`;
    const a = await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, threadTs: sameTime, createdAt: new Date(base) }),
    );
    const b = await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, version: 2, lineageId: a.id, threadTs: sameTime, createdAt: new Date(base) }),
    );
    expect((await newestInThread(database.db, 'C1', sameTime))?.id).toBe(b.id);
  });
});
