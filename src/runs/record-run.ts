import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AttachmentRef } from '../attachments/attachment-ref.js';
import { insertRun, insertRunOnce } from '../db/runs-repository.js';
import type { Database, NewRun, Run, TriggerKind } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { LoadedAgent } from '../specs/load-specs.js';

export interface Trigger {
  kind: TriggerKind;
  /** Who started it (absent for schedules). */
  userId?: string | undefined;
  /** What started it, for people: the command text, the cron, the run retried. */
  detail?: string | undefined;
}

export interface RunRequest {
  agent: LoadedAgent;
  trigger: Trigger;
  input: string;
  channelId: string | null;
  /** Post in this thread (message triggers, revisions); null: a new message in the channel. */
  threadTs?: string | null;
  retryOf?: string | null;
  /** The artifact version this run revises (Revise). */
  revisionOf?: string | null;
  /** The instance that accepted the run and owns it until it ends (crash recovery keys on it). */
  instanceId: string;
  /** Files attached to the message that started it (references; downloaded when it runs). */
  attachments?: readonly AttachmentRef[];
}

/**
 * Records a run as queued: the first thing that happens for every trigger, before Slack is
 * acknowledged, so a crash after this point leaves a run that is found and reported.
 * @throws CoworkerError `review_stale` when `retryOf` / `revisionOf` was already retried / revised
 */
export async function recordRun(db: Kysely<Database>, request: RunRequest): Promise<Run> {
  const run = newRun(request);
  if (request.retryOf) {
    const retry = await insertRunOnce(db, run, 'retry_of');
    if (!retry) throw new CoworkerError('review_stale', 'Someone retried this already; its new run is under way.');
    return retry;
  }
  if (request.revisionOf) {
    const revision = await insertRunOnce(db, run, 'revision_of');
    if (!revision)
      throw new CoworkerError(
        'review_stale',
        'A revision of this version was already asked for; it is in this thread (if it failed, press Retry on its message).',
      );
    return revision;
  }
  return insertRun(db, run);
}

/** The row of a new, queued run. */
export function newRun(request: RunRequest): NewRun {
  return {
    id: randomUUID(),
    agent: request.agent.spec.name,
    spec_hash: request.agent.hash,
    trigger_kind: request.trigger.kind,
    trigger_user: request.trigger.userId ?? null,
    trigger_detail: request.trigger.detail ?? null,
    channel_id: request.channelId,
    thread_ts: request.threadTs ?? null,
    input: request.input,
    status: 'queued',
    error_code: null,
    error_message: null,
    instance_id: request.instanceId,
    status_ts: null,
    retry_of: request.retryOf ?? null,
    revision_of: request.revisionOf ?? null,
    model: null,
    cost_usd: null,
    started_at: null,
    finished_at: null,
    attachments: request.attachments?.length ? JSON.stringify(request.attachments) : null,
  };
}
