import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/runs-repository.js';
import { createLogger } from '../../src/logger.js';
import { noMetrics } from '../../src/metrics/metrics.js';
import { executeRun } from '../../src/orchestration/execute-run.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { answeringModel } from '../support/answering-model.js';
import { seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent = {
  spec: AgentSpec.parse({ name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } }),
  file: path.join(os.tmpdir(), 'drafter.yaml'), // a folder that exists (no context files are read)
  hash: 'h1',
};

function services(registry: AgentRegistry) {
  return {
    db: database.db,
    model: answeringModel({ text: 'Hello' }),
    defaultModel: 'claude-haiku-4-5',
    instanceId: 'i1',
    slack: stubSlackPort(),
    agents: () => registry,
    logger: createLogger('error'),
    metrics: noMetrics,
  };
}

// Where a run's "working…" message is must be stored: recovery updates it, and a Retry is
// accepted only from it. It is written with the run's claim, or with its outcome when the run
// ends before a claim.
describe('executeRun stores where the run is shown', () => {
  it('with the claim, for a run that goes on to its review', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued' });
    await executeRun(services(new AgentRegistry({ agents: [agent], invalid: [] })), run);
    const stored = await getRun(database.db, run.id);
    expect([stored?.status, stored?.error_message]).toEqual(['succeeded', null]);
    expect(stored?.status_ts).toMatch(/^2\.\d+$/);
  });

  it('with the outcome, for a run that fails before it is claimed', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued' });
    // The agent is gone when the run starts: it fails after "working…" is posted, before any claim.
    await executeRun(services(new AgentRegistry({ agents: [], invalid: [] })), run);
    const stored = await getRun(database.db, run.id);
    expect(stored?.status).toBe('failed');
    expect(stored?.error_code).toBe('agent_unknown');
    expect(stored?.status_ts).toMatch(/^2\.\d+$/);
  });
});
