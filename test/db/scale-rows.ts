import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, NewArtifact, Run } from '../../src/db/schema.js';
import { seedRun } from '../support/seed-rows.js';

/** One minute in milliseconds. */
export const MINUTE = 60_000;

/** The database the suite runs on, for the describe titles. */
export const databaseLabel = process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite';

/** A running (or queued) run of `support-reply` (or `agent`), owned by `instanceId` when given. */
export function newRun(
  db: Kysely<Database>,
  o: { agent?: string; instanceId?: string | null; status?: 'queued' | 'running' } = {},
): Promise<Run> {
  return seedRun(db, {
    agent: o.agent ?? 'support-reply',
    status: o.status ?? 'running',
    instance_id: o.instanceId ?? null,
  });
}

/** The row of a pending `message` artifact version of `runId` in C1 (its own lineage unless given). */
export function artifactValues(o: {
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
