import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { insertArtifact } from '../../src/db/artifacts-repository.js';
import type { NewRunContext } from '../../src/db/run-contexts-repository.js';
import { insertRun } from '../../src/db/runs-repository.js';
import type { ArtifactRow, Database, NewArtifact, NewRun, Run } from '../../src/db/schema.js';

/**
 * A finished `/coworker run` of agent `a` in C1, with every nullable column null: tests name only
 * the columns they are about.
 */
export function seedRun(db: Kysely<Database>, overrides: Partial<NewRun> = {}): Promise<Run> {
  return insertRun(db, {
    id: randomUUID(),
    agent: 'a',
    trigger_kind: 'command',
    trigger_user: 'U1',
    channel_id: 'C1',
    thread_ts: null,
    input: 'hi',
    status: 'succeeded',
    spec_hash: null,
    trigger_detail: null,
    error_code: null,
    error_message: null,
    instance_id: null,
    status_ts: null,
    retry_of: null,
    model: null,
    cost_usd: null,
    started_at: null,
    finished_at: null,
    ...overrides,
  });
}

/**
 * A pending version 1 `message` artifact of `run` (its own lineage), in the run's channel; with
 * `context`, stored with the run's context as a run stores it.
 */
export function seedArtifact(
  db: Kysely<Database>,
  run: Run,
  overrides: Partial<NewArtifact> = {},
  context?: NewRunContext,
): Promise<ArtifactRow> {
  const id = overrides.id ?? randomUUID();
  return insertArtifact(
    db,
    {
      run_id: run.id,
      agent: run.agent,
      type: 'message',
      options: JSON.stringify({ type: 'message' }),
      content: JSON.stringify({ text: 'Hello' }),
      version: 1,
      lineage_id: id,
      status: 'pending',
      expires_at: null,
      channel_id: run.channel_id,
      message_ts: '1.1',
      thread_ts: null,
      decided_by: null,
      decided_at: null,
      ...overrides,
      id,
    },
    { context },
  );
}
