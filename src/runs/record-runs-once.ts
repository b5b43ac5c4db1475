import type { Kysely, Transaction } from 'kysely';
import type { Database, Run } from '../db/schema.js';
import { markCommandSeen, markEventSeen } from '../db/slack-events-repository.js';
import { type RunRequest, recordRun } from './record-run.js';

/** What makes one of Slack's deliveries count once: an event's id (when it has one), a command's trigger_id. */
export type DeliveryKey =
  | { kind: 'event'; eventId: string | null | undefined }
  | { kind: 'command'; triggerId: string };

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
  return db.transaction().execute(async (trx) => {
    if (!(await claimDelivery(trx, key))) return [];
    const runs: Run[] = [];
    for (const request of requests) runs.push(await recordRun(trx, request));
    return runs;
  });
}

async function claimDelivery(trx: Transaction<Database>, key: DeliveryKey): Promise<boolean> {
  switch (key.kind) {
    case 'event':
      return key.eventId ? markEventSeen(trx, key.eventId) : true;
    case 'command':
      return markCommandSeen(trx, key.triggerId);
    default: {
      const unknown: never = key;
      throw new Error(`unknown delivery key ${JSON.stringify(unknown)}`);
    }
  }
}
