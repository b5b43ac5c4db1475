import { describe, expect, it } from 'vitest';
import {
  getArtifact,
  insertArtifact,
  insertVersion,
  newestInThread,
  transitionArtifact,
} from '../../src/db/artifacts-repository.js';
import { useTestDatabase } from '../support/test-database.js';
import { artifactValues, databaseLabel as label, MINUTE, newRun } from './scale-rows.js';

const database = useTestDatabase();

describe(`artifact versions on ${label}`, () => {
  async function lineageCount(lineageId: string): Promise<number> {
    const rows = await database.db.selectFrom('artifacts').select('id').where('lineage_id', '=', lineageId).execute();
    return rows.length;
  }

  it('supersedes the older pending versions of its own lineage only', async () => {
    const run = await newRun(database.db);
    const v1 = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    const otherLineage = await insertArtifact(database.db, artifactValues({ runId: run.id }));

    const stored = await insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }));
    expect(stored?.superseded).toEqual([v1.id]);
    expect(stored?.artifact).toMatchObject({ version: 2, lineage_id: v1.id, status: 'pending' });
    expect((await getArtifact(database.db, v1.id))?.status).toBe('superseded');
    expect((await getArtifact(database.db, otherLineage.id))?.status).toBe('pending');

    // v3 supersedes v2; v1 is not superseded again.
    const v3 = await insertVersion(database.db, artifactValues({ runId: run.id, version: 3, lineageId: v1.id }), {
      mustSupersede: stored?.artifact.id ?? '',
    });
    expect(v3?.superseded).toEqual([stored?.artifact.id]);
    expect((await getArtifact(database.db, stored?.artifact.id ?? ''))?.status).toBe('superseded');
  });

  it('leaves a decided version alone, and with mustSupersede stores nothing', async () => {
    const run = await newRun(database.db);
    const v1 = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    expect(await transitionArtifact(database.db, { id: v1.id, version: 1, to: 'approved', by: 'U1' })).toBeDefined();

    const refused = await insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }), {
      mustSupersede: v1.id,
    });
    expect(refused).toBeUndefined();
    expect(await lineageCount(v1.id)).toBe(1);
    expect((await getArtifact(database.db, v1.id))?.status).toBe('approved');

    // Without mustSupersede the version is stored but the approved one stays approved.
    const stored = await insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }));
    expect(stored?.superseded).toEqual([]);
    expect(await lineageCount(v1.id)).toBe(2);
    expect((await getArtifact(database.db, v1.id))?.status).toBe('approved');
  });

  it('lets one of two concurrent editors store the next version; the other gets undefined, not an error', async () => {
    const run = await newRun(database.db);
    const v1 = await insertArtifact(database.db, artifactValues({ runId: run.id }));
    const results = await Promise.all(
      [1, 2].map(() =>
        insertVersion(database.db, artifactValues({ runId: run.id, version: 2, lineageId: v1.id }), {
          mustSupersede: v1.id,
        }),
      ),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await lineageCount(v1.id)).toBe(2);
  });

  it('stores a first version without superseding anything', async () => {
    const run = await newRun(database.db);
    const stored = await insertVersion(database.db, artifactValues({ runId: run.id }));
    expect(stored?.superseded).toEqual([]);
    expect(stored?.artifact.status).toBe('pending');
  });

  it('finds the newest version in a thread, in that channel only', async () => {
    const run = await newRun(database.db);
    const thread = `${Date.now()}.000100`;
    const base = Date.now() - 10 * MINUTE;
    const v1 = await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, threadTs: thread, createdAt: new Date(base) }),
    );
    const v2 = await insertArtifact(
      database.db,
      artifactValues({
        runId: run.id,
        version: 2,
        lineageId: v1.id,
        threadTs: thread,
        createdAt: new Date(base + 1000),
      }),
    );
    // Newer, but in another channel's thread with the same ts, and in another thread.
    await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, channelId: 'C2', threadTs: thread, createdAt: new Date(base + 5000) }),
    );
    await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, threadTs: `${thread}9`, createdAt: new Date(base + 5000) }),
    );

    expect((await newestInThread(database.db, 'C1', thread))?.id).toBe(v2.id);
    expect(await newestInThread(database.db, 'C1', 'nope.000')).toBeUndefined();

    // Versions stored in the same instant: the higher version wins.
    const sameTime = `${thread}7`;
    const a = await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, threadTs: sameTime, createdAt: new Date(base) }),
    );
    const b = await insertArtifact(
      database.db,
      artifactValues({ runId: run.id, version: 2, lineageId: a.id, threadTs: sameTime, createdAt: new Date(base) }),
    );
    expect((await newestInThread(database.db, 'C1', sameTime))?.id).toBe(b.id);
  });
});
