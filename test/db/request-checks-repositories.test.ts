import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { insertArtifact, transitionArtifact } from '../../src/db/artifacts-repository.js';
import { findEditView, forgetClosedEditViews, recordEditView } from '../../src/db/edit-views-repository.js';
import { insertRun } from '../../src/db/runs-repository.js';
import { forgetOldEvents, markCommandSeen } from '../../src/db/slack-events-repository.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const label = process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite';

async function newArtifact() {
  const run = await insertRun(database.db, {
    id: randomUUID(),
    agent: 'a',
    trigger_kind: 'command',
    trigger_user: 'U1',
    channel_id: 'C1',
    thread_ts: null,
    input: 'hi',
    status: 'queued',
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
  });
  const id = randomUUID();
  return insertArtifact(database.db, {
    id,
    run_id: run.id,
    agent: 'a',
    type: 'message',
    options: JSON.stringify({ type: 'message' }),
    content: JSON.stringify({ text: 'Hello' }),
    version: 1,
    lineage_id: id,
    status: 'pending',
    expires_at: null,
    channel_id: 'C1',
    message_ts: '1.1',
    thread_ts: '1.1',
    decided_by: null,
    decided_at: null,
  });
}

describe(`request checks on ${label}`, () => {
  it('remembers a slash command trigger id once, and forgets old ones', async () => {
    const id = `trig-${randomUUID()}`;
    expect(await markCommandSeen(database.db, id)).toBe(true);
    expect(await markCommandSeen(database.db, id)).toBe(false);
    await sql`update slack_commands set received_at = now() - interval '2 days' where trigger_id = ${id}`.execute(
      database.db,
    );
    expect(await forgetOldEvents(database.db, 86_400_000)).toBeGreaterThanOrEqual(1);
    expect(await markCommandSeen(database.db, id)).toBe(true);
  });

  it('records the Edit views it opened, and forgets those of versions no longer pending', async () => {
    const open = await newArtifact();
    const decided = await newArtifact();
    await recordEditView(database.db, { viewId: 'V-open', artifactId: open.id, version: 1, userId: 'U1' });
    await recordEditView(database.db, { viewId: 'V-decided', artifactId: decided.id, version: 1, userId: 'U2' });
    expect(await findEditView(database.db, 'V-open')).toMatchObject({
      artifact_id: open.id,
      version: 1,
      user_id: 'U1',
    });
    expect(await findEditView(database.db, 'V-never')).toBeUndefined();

    await transitionArtifact(database.db, { id: decided.id, version: 1, to: 'approved', by: 'U2' });
    expect(await forgetClosedEditViews(database.db)).toBe(1);
    expect(await findEditView(database.db, 'V-decided')).toBeUndefined();
    expect(await findEditView(database.db, 'V-open')).toBeDefined();
  });
});
