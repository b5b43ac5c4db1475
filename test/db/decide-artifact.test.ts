import { describe, expect, it } from 'vitest';
import { decideArtifact } from '../../src/db/artifacts-repository.js';
import { getRunOfArtifact } from '../../src/db/runs-repository.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const approve = (artifact: { id: string; version: number }, userId: string) =>
  decideArtifact(
    database.db,
    { userId, kind: 'approve' },
    { id: artifact.id, version: artifact.version, to: 'approved', by: userId },
  );
const decisionsOf = (artifactId: string) =>
  database.db.selectFrom('decisions').select(['user_id', 'kind']).where('artifact_id', '=', artifactId).execute();

describe('decideArtifact: a decision and the transition it makes, in one statement', () => {
  it('records the decision and approves the pending version', async () => {
    const artifact = await seedArtifact(database.db, await seedRun(database.db));
    const decided = await approve(artifact, 'U1');
    expect(decided).toMatchObject({ id: artifact.id, status: 'approved', decided_by: 'U1' });
    expect(await decisionsOf(artifact.id)).toEqual([{ user_id: 'U1', kind: 'approve' }]);
  });

  it('of ten concurrent approvals exactly one decides; every one is recorded once', async () => {
    const artifact = await seedArtifact(database.db, await seedRun(database.db));
    const users = Array.from({ length: 10 }, (_, i) => `U${i}`);
    const results = await Promise.all([...users, 'U0'].map((user) => approve(artifact, user)));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect((await decisionsOf(artifact.id)).map((d) => d.user_id).sort()).toEqual(users.sort());
  });

  it('changes nothing on a version that is no longer pending, but keeps the decision as recordDecision would', async () => {
    const artifact = await seedArtifact(database.db, await seedRun(database.db), { status: 'superseded' });
    expect(await approve(artifact, 'U1')).toBeUndefined();
    const row = await database.db
      .selectFrom('artifacts')
      .select('status')
      .where('id', '=', artifact.id)
      .executeTakeFirst();
    expect(row?.status).toBe('superseded');
    expect(await decisionsOf(artifact.id)).toEqual([{ user_id: 'U1', kind: 'approve' }]);
  });

  it('finds the run of an artifact by the artifact’s id', async () => {
    const run = await seedRun(database.db);
    const artifact = await seedArtifact(database.db, run);
    expect((await getRunOfArtifact(database.db, artifact.id))?.id).toBe(run.id);
    expect(await getRunOfArtifact(database.db, 'no-such-artifact')).toBeUndefined();
  });
});
