import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/runs-repository.js';
import { createLogger } from '../../src/logger.js';
import { produceArtifact } from '../../src/runs/produce-artifact.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { answeringModel } from '../support/answering-model.js';
import { recordingMetrics } from '../support/recording-metrics.js';
import { seedRun } from '../support/seed-rows.js';
import { statementLog } from '../support/statement-log.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent = {
  spec: AgentSpec.parse({ name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } }),
  file: path.join(os.tmpdir(), 'drafter.yaml'), // a folder that exists (no context files are read)
  hash: 'h1',
};

const isClaim = (sql: string) => /^update "runs" set "status" = \$1, "instance_id"/.test(sql);
const isCorrectionsRead = (sql: string) => /^select .* from "corrections"/s.test(sql);
const readFails = (sql: string) => (isCorrectionsRead(sql) ? new Error('corrections: relation is broken') : undefined);

function deps(logged: ReturnType<typeof statementLog>) {
  return {
    db: logged.db,
    model: answeringModel({ text: 'Hello' }),
    defaultModel: 'claude-haiku-4-5',
    instanceId: 'i1',
    logger: createLogger('error'),
    metrics: recordingMetrics(),
  };
}

// The agent's corrections are read while the run is claimed, not after: one round trip less on
// the way to the model. What a run does when either fails stays as it was.
describe('produceArtifact claims the run while it reads the corrections', () => {
  it('sends the read before the claim is answered', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued' });
    const logged = statementLog(database.db);

    await produceArtifact(deps(logged), run, agent);

    const read = logged.timeline.findIndex((e) => e.startsWith('sent: ') && isCorrectionsRead(e.slice(6)));
    const claimed = logged.timeline.findIndex((e) => e.startsWith('answered: ') && isClaim(e.slice(10)));
    expect(read).toBeGreaterThanOrEqual(0);
    expect(claimed).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(claimed);
  });

  it('a run claimed elsewhere fails as such, whatever the read did, and asks no model', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'running', instance_id: 'i2' });
    const logged = statementLog(database.db, { fail: readFails });
    const d = deps(logged);

    await expect(produceArtifact(d, run, agent)).rejects.toMatchObject({
      code: 'internal',
      message: 'this run was already started elsewhere.',
    });
    expect(d.metrics.events.runStarted).toEqual([]);
    expect((await getRun(database.db, run.id))?.status).toBe('running');
  });

  it('a claimed run whose corrections cannot be read fails with that, before the model is asked', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued' });
    const logged = statementLog(database.db, { fail: readFails });
    const d = deps(logged);

    await expect(produceArtifact(d, run, agent)).rejects.toThrow('corrections: relation is broken');
    expect(d.metrics.events.runStarted).toHaveLength(1);
    expect(d.model.requests).toEqual([]);
  });
});
