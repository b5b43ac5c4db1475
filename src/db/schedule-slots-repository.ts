import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Claims one firing of one schedule. Every replica fires its own cron task; only the one whose
 * insert lands runs the slot. @returns true for the winner
 */
export async function claimScheduleSlot(db: Db, s: { job: string; slot: Date; instanceId: string }): Promise<boolean> {
  const result = await db
    .insertInto('schedule_slots')
    .values({ job: s.job, slot: s.slot, claimed_by: s.instanceId })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function setScheduleSlotRun(db: Db, s: { job: string; slot: Date; runId: string }): Promise<void> {
  await db
    .updateTable('schedule_slots')
    .set({ run_id: s.runId })
    .where('job', '=', s.job)
    .where('slot', '=', s.slot)
    .execute();
}
