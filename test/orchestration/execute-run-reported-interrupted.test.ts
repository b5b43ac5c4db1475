import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getArtifact } from '../../src/db/artifacts-repository.js';
import { getRun } from '../../src/db/runs-repository.js';
import type { ArtifactRow, Run } from '../../src/db/schema.js';
import { CoworkerError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import type { ModelClient } from '../../src/model/model-client.js';
import { executeRun, reportRunFailure } from '../../src/orchestration/execute-run.js';
import type { SlackPort } from '../../src/slack-port.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { answeringModel } from '../support/answering-model.js';
import { recordingLogger } from '../support/recording-logger.js';
import { recordingMetrics } from '../support/recording-metrics.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent = {
  spec: AgentSpec.parse({ name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } }),
  file: path.join(os.tmpdir(), 'drafter.yaml'), // a folder that exists (no context files are read)
  hash: 'h1',
};

type Update = Parameters<SlackPort['updateMessage']>[0];

/**
 * Another process (a replica sweeping the runs of an instance it took for dead) reports the run
 * interrupted while the model is answering it, as `recoverRunsOfDeadInstances` does: the run is
 * ended as interrupted and its message shows the failure with Retry.
 */
function interruptedWhileAnswering(runId: () => string, updates: Update[]) {
  const other = {
    db: database.db,
    model: answeringModel({}),
    defaultModel: 'claude-haiku-4-5',
    instanceId: 'i2',
    slack: stubSlackPort({ updateMessage: async (m) => void updates.push(m) }),
    agents: () => new AgentRegistry({ agents: [agent], invalid: [] }),
    logger: createLogger('error'),
    metrics: recordingMetrics(),
  };
  const answering = answeringModel({ text: 'Hello' });
  const model: ModelClient = {
    async createMessage(params, options) {
      const run = await getRun(database.db, runId());
      if (!run) throw new Error('the run under test is gone');
      await reportRunFailure(other, run, new CoworkerError('run_interrupted', 'the process stopped.'), 'interrupted');
      return answering.createMessage(params, options);
    },
  };
  return { model, otherMetrics: other.metrics };
}

function services(model: ModelClient, updates: Update[]) {
  const { logger, lines } = recordingLogger();
  const metrics = recordingMetrics();
  return {
    services: {
      db: database.db,
      model,
      defaultModel: 'claude-haiku-4-5',
      instanceId: 'i1',
      slack: stubSlackPort({ updateMessage: async (m) => void updates.push(m) }),
      agents: () => new AgentRegistry({ agents: [agent], invalid: [] }),
      logger,
      metrics,
    },
    lines,
    metrics,
  };
}

async function artifactsOf(run: Run): Promise<ArtifactRow[]> {
  return database.db.selectFrom('artifacts').selectAll().where('run_id', '=', run.id).execute();
}

/** Every update of the message at `ts` carries text that is not a review (no Approve button in it). */
function noReviewAt(updates: Update[], ts: string): void {
  const shown = updates.filter((u) => u.ts === ts);
  expect(shown.length).toBeGreaterThan(0);
  for (const update of shown) expect(JSON.stringify(update.blocks ?? [])).not.toMatch(/approve/i);
}

// The model answered after another process had already reported the run interrupted (and put
// "Run failed … Retry" in its message): the late result must neither take that message over nor
// stay approvable next to the Retry, and the run is counted once, by the process that ended it.
describe('a run that finishes after it was reported interrupted', () => {
  it('stores its artifact superseded, shows no review over the failure message, logs it, counts no finish', async () => {
    const updates: Update[] = [];
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '3.1' });
    const { model, otherMetrics } = interruptedWhileAnswering(() => run.id, updates);
    const { services: s, lines, metrics } = services(model, updates);

    await executeRun(s, run);

    const [artifact, ...more] = await artifactsOf(run);
    expect(more).toEqual([]);
    expect(artifact?.status).toBe('superseded');
    // It does not point at the failure message: nothing re-renders it there.
    expect(artifact?.message_ts).toBeNull();
    expect((await getRun(database.db, run.id))?.status).toBe('interrupted');
    noReviewAt(updates, '3.1');
    expect(updates.at(-1)?.text).toMatch(/failed|interrupted/i);
    expect(lines).toContainEqual([
      'warn',
      `run ${run.id} of drafter finished after it was reported interrupted; its artifact ${artifact?.id} was dropped`,
    ]);
    expect(metrics.events.runFinished).toEqual([]);
    expect(metrics.events.reviewPosted).toEqual([]);
    expect(otherMetrics.events.runFinished).toEqual([
      { agent: 'drafter', outcome: 'interrupted', errorCode: 'run_interrupted' },
    ]);
  });

  it('as a revision, leaves the version it revises pending (and its review untouched)', async () => {
    const updates: Update[] = [];
    const first = await seedRun(database.db, { agent: 'drafter', status: 'succeeded', status_ts: '4.1' });
    const v1 = await seedArtifact(database.db, first, { message_ts: '4.1' });
    const run = await seedRun(database.db, {
      agent: 'drafter',
      trigger_kind: 'revise',
      status: 'queued',
      status_ts: '4.2',
      thread_ts: '4.1',
      revision_of: v1.id,
    });
    const { model } = interruptedWhileAnswering(() => run.id, updates);
    const { services: s, lines, metrics } = services(model, updates);

    await executeRun(s, run);

    expect((await getArtifact(database.db, v1.id))?.status).toBe('pending');
    expect(updates.filter((u) => u.ts === '4.1')).toEqual([]);
    const [v2, ...more] = await artifactsOf(run);
    expect(more).toEqual([]);
    expect([v2?.version, v2?.status, v2?.message_ts]).toEqual([2, 'superseded', null]);
    noReviewAt(updates, '4.2');
    expect(lines).toContainEqual([
      'warn',
      `run ${run.id} of drafter finished after it was reported interrupted; its artifact ${v2?.id} was dropped`,
    ]);
    expect(metrics.events.runFinished).toEqual([]);
  });
});
