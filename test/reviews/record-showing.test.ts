import { describe, expect, it } from 'vitest';
import { getArtifact } from '../../src/db/artifacts-repository.js';
import { refreshReview } from '../../src/reviews/publish-review.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

// What a review's message shows is recorded for decided artifacts only: the sweep repairs those
// (`unfinishedFollowUps`), and a pending one's record would cost a statement and could land
// after a quick decision's own.
describe('refreshReview records what the message shows', () => {
  it('for a decided artifact, and not for a pending one, the message redrawn either way', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', channel_id: 'C1' });
    const pending = await seedArtifact(database.db, run, { message_ts: '3.1' });
    const approved = await seedArtifact(database.db, run, {
      message_ts: '3.2',
      status: 'approved',
      decided_by: 'U1',
      decided_at: new Date(),
    });
    const updated: string[] = [];
    const deps = { db: database.db, slack: stubSlackPort({ updateMessage: async (m) => void updated.push(m.ts) }) };

    await refreshReview(deps, pending.id);
    await refreshReview(deps, approved.id);

    expect(updated).toEqual(['3.1', '3.2']);
    expect((await getArtifact(database.db, pending.id))?.shown_status).toBeNull();
    expect((await getArtifact(database.db, approved.id))?.shown_status).toBe('approved');
  });
});
