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

const isClaimReadingCorrections = (sql: string) =>
  /^with "claimed" as \(update "runs" set "status" = \$1, "instance_id"/.test(sql) && /from "corrections"/.test(sql);

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

// The agent's corrections are read in the statement that claims the run: one statement, one
// round trip, on the way to the model. A run claimed elsewhere still fails as it did.
describe('produceArtifact claims the run and reads its corrections in one statement', () => {
  it('makes that statement alone before the model call', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued' });
    const logged = statementLog(database.db);
    const d = deps(logged);

    await produceArtifact(d, run, agent);

    const before = logged.statements.slice(
      0,
      logged.statements.findIndex((sql) => /insert into "artifacts"/.test(sql)),
    );
    expect(before).toHaveLength(1);
    expect(isClaimReadingCorrections(before[0] ?? '')).toBe(true);
    expect(d.model.requests).toHaveLength(1);
  });

  it('a run claimed elsewhere fails as such and asks no model', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'running', instance_id: 'i2' });
    const logged = statementLog(database.db);
    const d = deps(logged);

    await expect(produceArtifact(d, run, agent)).rejects.toMatchObject({
      code: 'internal',
      message: 'this run was already started elsewhere.',
    });
    expect(d.metrics.events.runStarted).toEqual([]);
    expect(d.model.requests).toEqual([]);
    expect((await getRun(database.db, run.id))?.status).toBe('running');
  });
});
