import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { claimScheduleSlot } from '../../src/db/schedule-slots-repository.js';
import { useTestDatabase } from '../support/test-database.js';
import { databaseLabel as label } from './scale-rows.js';

const database = useTestDatabase();

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
