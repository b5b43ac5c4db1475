import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import type { LoadedAgent } from '../../src/specs/loaded-agent.js';
import { evaluateAgent } from '../../src/supervision/evaluate-agent.js';
import { answeringModel } from '../support/answering-model.js';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { buildTestCrmServer } from '../support/mcp/crm-tool-server.js';
import { type HttpToolServer, startHttpToolServer } from '../support/mcp/http-tool-server.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

// `coworker eval` of an actions agent: each case is replayed with the write tools stored with
// its artifact (what was reviewed), and its agent's real MCP server is neither written to nor read.
const database = useTestDatabase();
let crm: HttpToolServer;

beforeAll(async () => {
  crm = await startHttpToolServer((onCall) => buildTestCrmServer(onCall, async () => ({ text: 'updated' })));
});
afterAll(async () => {
  await crm?.stop();
});

const proposal = {
  actions: [
    { tool: 'crm.update_contact', arguments: { id: 'C-1', field: 'stage', value: 'won' }, reason: 'They signed.' },
  ],
};

describe('eval of an actions agent', () => {
  it('replays approved artifacts with the write tools stored with them, connecting to no server', async () => {
    const agent: LoadedAgent = {
      spec: AgentSpec.parse({
        name: 'crm-eval',
        channels: ['#ops'],
        instructions: 'Propose contact updates.',
        artifact: { type: 'actions' },
        tools: { crm: { url: crm.url, write: ['update_contact'] } },
      }),
      file: path.join(os.tmpdir(), 'crm-eval.yaml'),
      hash: 'h',
    };
    // Told apart from what the server lists today by its description.
    const reviewed = { ...UPDATE_CONTACT_TOOL, description: 'Set one field of a contact, as it was reviewed.' };
    const options = JSON.stringify({ type: 'actions', write_tools: [reviewed] });
    const run = await seedRun(database.db, { agent: 'crm-eval', input: 'C-1 signed' });
    const approved = await seedArtifact(database.db, run, {
      type: 'actions',
      options,
      content: JSON.stringify(proposal),
      status: 'approved',
      decided_at: new Date(),
    });
    const model = answeringModel(proposal);

    const report = await evaluateAgent(
      { db: database.db, model },
      { agent, models: ['claude-haiku-4-5'], limit: 5, judge: null },
    );

    expect(report.models[0]?.cases.map((c) => [c.artifactId, c.score, c.detail, c.error])).toEqual([
      [approved.id, 1, 'precision 100%, recall 100% of 1 call', undefined],
    ]);
    // The model was asked with the stored tool (its schema and description), as the original run was.
    for (const request of model.requests) {
      const tool = request.tools?.find((t) => 'name' in t && t.name === ARTIFACT_TOOL) as { input_schema: unknown };
      expect(JSON.stringify(tool.input_schema)).toContain('"enum":["email","stage","owner"]');
      expect(JSON.stringify(request)).toContain('as it was reviewed');
    }
    expect(model.requests).toHaveLength(1);
    // Not even listed: the server was not connected to at all.
    expect(crm.calls).toEqual([]);
    expect(crm.authorizations).toEqual([]);
  });
});
