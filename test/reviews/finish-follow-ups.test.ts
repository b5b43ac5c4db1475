import { describe, expect, it } from 'vitest';
import { getArtifact } from '../../src/db/artifacts-repository.js';
import type { ReviewStatus } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { finishFollowUps } from '../../src/reviews/finish-follow-ups.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const registry = new AgentRegistry({
  agents: [
    {
      spec: AgentSpec.parse({
        name: 'closer',
        channels: ['#x'],
        instructions: 'i',
        artifact: { type: 'message' },
        on_approve: [{ post: '#outbox' }],
      }),
      file: '/a/closer.yaml',
      hash: 'h',
    },
  ],
  invalid: [],
});

function recordingSlack() {
  const calls: Array<{ method: string; channel: string }> = [];
  const slack = stubSlackPort({
    postMessage: async (m) => {
      calls.push({ method: 'postMessage', channel: m.channel });
      return { channel: m.channel, ts: '1.1' };
    },
    updateMessage: async (m) => void calls.push({ method: 'updateMessage', channel: m.channel }),
  });
  return { slack, calls };
}

async function decidedArtifact(status: ReviewStatus, o: { applied?: boolean; shown?: ReviewStatus | null }) {
  const run = await seedRun(database.db, { agent: 'closer', input: '', channel_id: 'C0X' });
  const { id } = await seedArtifact(database.db, run, {
    content: '{"text":"Done."}',
    status,
    message_ts: '1.0',
    thread_ts: '1.0',
    decided_by: 'U2',
    decided_at: new Date(Date.now() - 60_000),
    shown_status: o.shown === undefined ? status : o.shown,
    applied_at: o.applied ? new Date() : null,
  });
  return id;
}

describe('finishFollowUps', () => {
  it('finishes an approval a crash left unapplied, once, and shows decisions Slack missed', async () => {
    const unapplied = await decidedArtifact('approved', { applied: false });
    const unshown = await decidedArtifact('expired', { applied: true, shown: 'pending' });
    const done = await decidedArtifact('rejected', { applied: true });
    const { slack, calls } = recordingSlack();
    const deps = {
      db: database.db,
      slack,
      agents: () => registry,
      logger: createLogger('error'),
      instanceId: 'i1',
      webhook: { attempts: 1, backoffMs: 1, timeoutMs: 100 },
    };

    await finishFollowUps(deps, 1000);
    expect(calls.filter((c) => c.method === 'postMessage' && c.channel === 'C0OUTBOX')).toHaveLength(1);
    expect((await getArtifact(database.db, unapplied))?.applied_at).toBeInstanceOf(Date);
    expect((await getArtifact(database.db, unshown))?.shown_status).toBe('expired');
    expect(calls.filter((c) => c.method === 'updateMessage')).toHaveLength(1);
    expect((await getArtifact(database.db, done))?.shown_status).toBe('rejected');

    calls.length = 0;
    await finishFollowUps(deps, 1000);
    expect(calls).toEqual([]);
  });
});
