import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { heartbeat, markInstanceStopped, runsOfSilentInstances } from '../../src/db/instances-repository.js';
import { finishRun, unfinishedRunsOf } from '../../src/db/runs-repository.js';
import { useTestDatabase } from '../support/test-database.js';
import { databaseLabel as label, MINUTE, newRun } from './scale-rows.js';

const database = useTestDatabase();

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

describe(`instances and silent runs on ${label}`, () => {
  it('does not return a run whose instance heartbeats now, and returns it once the heartbeat is older than the threshold', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const run = await newRun(database.db, { instanceId: instance });
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
    const queued = await newRun(database.db, { instanceId: instance, status: 'queued' });
    const succeeded = await newRun(database.db, { instanceId: instance });
    const failed = await newRun(database.db, { instanceId: instance });
    const interrupted = await newRun(database.db, { instanceId: instance });
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
    const run = await newRun(database.db, { instanceId: `never-${randomUUID()}` });
    expect(await silentIds(MINUTE)).not.toContain(run.id);
    await sql`update runs set created_at = now() - interval '2 minutes' where id = ${run.id}`.execute(database.db);
    expect(await silentIds(MINUTE)).toContain(run.id);
    expect(await silentIds(5 * MINUTE)).not.toContain(run.id);
  });

  it('judges an instance by its heartbeat, not by the age of its run', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const run = await newRun(database.db, { instanceId: instance });
    await sql`update runs set created_at = now() - interval '10 minutes' where id = ${run.id}`.execute(database.db);
    expect(await silentIds(MINUTE)).not.toContain(run.id);
  });

  it('never takes the asking instance for dead, however old its heartbeat (after a database outage)', async () => {
    const instance = `inst-${randomUUID()}`;
    await heartbeat(database.db, instance);
    const run = await newRun(database.db, { instanceId: instance });
    await setHeartbeatBack(instance, 5);
    expect(await silentIds(30_000, instance)).not.toContain(run.id);
    expect(await silentIds(30_000)).toContain(run.id);
  });

  it("lists an instance's own unfinished runs older than the grace, and no one else's", async () => {
    const instance = `inst-${randomUUID()}`;
    const old = await newRun(database.db, { instanceId: instance, status: 'queued' });
    const fresh = await newRun(database.db, { instanceId: instance });
    const finished = await newRun(database.db, { instanceId: instance });
    const another = await newRun(database.db, { instanceId: `other-${randomUUID()}` });
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
