import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getArtifact } from '../../src/db/artifacts-repository.js';
import { finishRun, getRun } from '../../src/db/runs-repository.js';
import { createLogger } from '../../src/logger.js';
import type { ModelClient } from '../../src/model/model-client.js';
import { produceArtifact } from '../../src/runs/produce-artifact.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { answeringModel } from '../support/answering-model.js';
import { recordingMetrics } from '../support/recording-metrics.js';
import { seedRun } from '../support/seed-rows.js';
import { answerLostOnce, statementLog } from '../support/statement-log.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent = {
  spec: AgentSpec.parse({ name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } }),
  file: path.join(os.tmpdir(), 'drafter.yaml'), // a folder that exists (no context files are read)
  hash: 'h1',
};

function deps(db = database.db, model: ModelClient = answeringModel({ text: 'Hello' })) {
  return {
    db,
    model,
    defaultModel: 'claude-haiku-4-5',
    instanceId: 'i1',
    logger: createLogger('error'),
    metrics: recordingMetrics(),
    databaseWaitMs: 5_000,
  };
}

const isArtifactInsert = (sql: string) => /^with .*insert into "artifacts"/s.test(sql);

// The run's end and where its review will be are stored with its artifact: between the model's
// answer and the review there is one write, not three (the artifact, the run's outcome, the
// review's place).
describe('produceArtifact stores the artifact, ends the run and says where the review will be, in one statement', () => {
  it('for a run whose "working…" message is known: pending, at that message, the run succeeded and counted', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '5.1' });
    const logged = statementLog(database.db);
    const d = deps(logged.db);

    const produced = await produceArtifact(d, run, agent);

    const where = (a: typeof produced.artifact | undefined) => [a?.status, a?.channel_id, a?.message_ts, a?.thread_ts];
    // As the insert returned it, and as it is stored before anything else is written.
    expect(where(produced.artifact)).toEqual(['pending', 'C1', '5.1', '5.1']);
    expect(where(await getArtifact(database.db, produced.artifact.id))).toEqual(['pending', 'C1', '5.1', '5.1']);
    expect(produced.ended).toBe(true);
    const stored = await getRun(database.db, run.id);
    expect(stored?.status).toBe('succeeded');
    expect(stored?.finished_at).toBeInstanceOf(Date);
    expect(d.metrics.events.runFinished).toEqual([{ agent: 'drafter', outcome: 'succeeded' }]);
    const writes = logged.statements.filter((sql) => !sql.startsWith('select'));
    expect(writes).toHaveLength(2); // the claim, the artifact (with the usage: produce-artifact-usage.test.ts)
    expect(isArtifactInsert(writes[1] ?? '')).toBe(true);
    expect(writes[1]).toMatch(/update "runs" set "status" = \$\d+, "finished_at" = \$\d+/);
  });

  it('in a thread, the review is in that thread', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '6.2', thread_ts: '6.1' });
    const { artifact } = await produceArtifact(deps(), run, agent);
    expect([artifact.message_ts, artifact.thread_ts]).toEqual(['6.2', '6.1']);
  });

  it('without a channel (the CLI): pending, at no message, the run succeeded', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', channel_id: null });
    const { artifact, ended } = await produceArtifact(deps(), run, agent);
    expect([artifact.status, artifact.message_ts, ended]).toEqual(['pending', null, true]);
    expect((await getRun(database.db, run.id))?.status).toBe('succeeded');
  });

  it('after a lost answer to the commit, reads the stored row back and counts the run once', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '7.1' });
    const logged = statementLog(database.db, { fail: answerLostOnce(isArtifactInsert) });
    const d = deps(logged.db);

    const produced = await produceArtifact(d, run, agent);

    expect(logged.statements.filter(isArtifactInsert)).toHaveLength(1);
    expect([produced.ended, produced.artifact.status, produced.artifact.message_ts]).toEqual([true, 'pending', '7.1']);
    expect(d.metrics.events.runFinished).toEqual([{ agent: 'drafter', outcome: 'succeeded' }]);
  });

  it('after a lost answer, for a run reported interrupted meanwhile: superseded, not ended here, not counted', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '8.1' });
    const answering = answeringModel({ text: 'Hello' });
    const interrupting: ModelClient = {
      async createMessage(params, options) {
        await finishRun(database.db, run.id, { status: 'interrupted', errorCode: 'run_interrupted' });
        return answering.createMessage(params, options);
      },
    };
    const logged = statementLog(database.db, { fail: answerLostOnce(isArtifactInsert) });
    const d = deps(logged.db, interrupting);

    const produced = await produceArtifact(d, run, agent);

    expect([produced.ended, produced.artifact.status, produced.artifact.message_ts]).toEqual([
      false,
      'superseded',
      null,
    ]);
    expect(produced.artifact.decided_at).toBeInstanceOf(Date);
    expect((await getRun(database.db, run.id))?.status).toBe('interrupted');
    expect(d.metrics.events.runFinished).toEqual([]);
  });
});
