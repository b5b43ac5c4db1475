import type { Kysely, Transaction } from 'kysely';
import { type DeliveryId, insertRunOfDelivery } from '../db/runs-repository.js';
import { claimScheduleSlot, setScheduleSlotRun } from '../db/schedule-slots-repository.js';
import type { Database, Run } from '../db/schema.js';
import { markCommandSeen, markEventSeen } from '../db/slack-events-repository.js';
import { newRun, type RunRequest, recordRun } from './record-run.js';

/**
 * What makes a delivery count once: a Slack event's id (when it has one), a slash command's
 * trigger_id, a schedule's slot (claimed across replicas).
 */
export type DeliveryKey =
  | { kind: 'event'; eventId: string | null | undefined }
  | { kind: 'command'; triggerId: string }
  | { kind: 'schedule'; job: string; slot: Date; instanceId: string };

/**
 * Records the runs a delivery starts, once per delivery: the dedupe and the runs commit
 * together, so a failure cannot leave a delivery marked seen whose runs were never recorded
 * (Slack's retry would be thrown away), and a redelivery records nothing.
 * @returns the runs recorded, none for a delivery seen before
 */
export async function recordRunsOnce(
  db: Kysely<Database>,
  key: DeliveryKey,
  requests: readonly RunRequest[],
): Promise<Run[]> {
  const [only, ...others] = requests;
  const delivery = deliveryIdOf(key);
  // The common case, one run from one Slack delivery, in one statement: one round trip before the ack.
  if (only !== undefined && others.length === 0 && delivery !== undefined && !only.retryOf && !only.revisionOf) {
    const run = await insertRunOfDelivery(db, newRun(only), delivery);
    return run === undefined ? [] : [run];
  }
  return db.transaction().execute(async (trx) => {
    if (!(await claimDelivery(trx, key))) return [];
    const runs: Run[] = [];
    for (const request of requests) runs.push(await recordRun(trx, request));
    if (key.kind === 'schedule' && runs[0])
      await setScheduleSlotRun(trx, { job: key.job, slot: key.slot, runId: runs[0].id });
    return runs;
  });
}

function deliveryIdOf(key: DeliveryKey): DeliveryId | undefined {
  if (key.kind === 'command') return { kind: 'command', triggerId: key.triggerId };
  if (key.kind === 'event' && key.eventId) return { kind: 'event', eventId: key.eventId };
  return undefined;
}

async function claimDelivery(trx: Transaction<Database>, key: DeliveryKey): Promise<boolean> {
  switch (key.kind) {
    case 'event':
      return key.eventId ? markEventSeen(trx, key.eventId) : true;
    case 'command':
      return markCommandSeen(trx, key.triggerId);
    case 'schedule':
      return claimScheduleSlot(trx, key);
    default: {
      const unknown: never = key;
      throw new Error(`unknown delivery key ${JSON.stringify(unknown)}`);
    }
  }
}
