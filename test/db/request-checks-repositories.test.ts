import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { transitionArtifact } from '../../src/db/artifacts-repository.js';
import { findEditView, forgetClosedEditViews, recordEditView } from '../../src/db/edit-views-repository.js';
import { forgetOldEvents, markCommandSeen } from '../../src/db/slack-events-repository.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const label = process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite';

async function newArtifact() {
  return seedArtifact(database.db, await seedRun(database.db, { status: 'queued' }), { thread_ts: '1.1' });
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
