import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import type { LoadedAgent } from '../../src/specs/loaded-agent.js';
import { evaluateAgent } from '../../src/supervision/evaluate-agent.js';
import { McpToolGateway } from '../../src/tools/mcp-tool-gateway.js';
import { answeringModel } from '../support/answering-model.js';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { buildTestCrmServer } from '../support/mcp/crm-tool-server.js';
import { type HttpToolServer, startHttpToolServer } from '../support/mcp/http-tool-server.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

// `coworker eval` of an actions agent: each case is replayed with the write tools stored with
// its artifact (what was reviewed), against a real MCP server that must not be written to.
const database = useTestDatabase();
let crm: HttpToolServer;
let tools: McpToolGateway;

beforeAll(async () => {
  crm = await startHttpToolServer((onCall) => buildTestCrmServer(onCall, async () => ({ text: 'updated' })));
  tools = new McpToolGateway({ baseEnv: {}, logger: createLogger('error') });
});
afterAll(async () => {
  await tools?.close();
  await crm?.stop();
});

const proposal = {
  actions: [
    { tool: 'crm.update_contact', arguments: { id: 'C-1', field: 'stage', value: 'won' }, reason: 'They signed.' },
  ],
};

describe('eval of an actions agent', () => {
  it('replays approved artifacts and edits with the write tools stored with them, calling nothing', async () => {
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
    await database.db
      .insertInto('corrections')
      .values({
        id: randomUUID(),
        agent: 'crm-eval',
        run_id: run.id,
        artifact_id: approved.id,
        author: 'U2',
        source: 'edit',
        text: 'edited',
        target: 'action 1',
        kind: 'edit',
        before: 'value: lost',
        after: 'value: won',
        instruction: 'i',
        extraction: 'done',
        status: 'active',
        channel_id: 'C1',
        thread_ts: null,
        message_ts: null,
        ack_ts: null,
        retired_by: null,
        retired_at: null,
      })
      .execute();
    const model = answeringModel(proposal);

    const report = await evaluateAgent(
      { db: database.db, model, tools },
      { agent, model: 'claude-haiku-4-5', limit: 5 },
    );

    expect(report.cases.map((c) => [c.label.split(' ')[0], c.agreement, c.error])).toEqual([
      ['artifact', 1, undefined],
      ['correction', 1, undefined],
    ]);
    // The model was asked with the stored tool (its schema and description), as the original run was.
    for (const request of model.requests) {
      const tool = request.tools?.find((t) => 'name' in t && t.name === ARTIFACT_TOOL) as { input_schema: unknown };
      expect(JSON.stringify(tool.input_schema)).toContain('"enum":["email","stage","owner"]');
      expect(JSON.stringify(request)).toContain('as it was reviewed');
    }
    expect(model.requests).toHaveLength(2);
    expect(crm.calls).toEqual([]);
  });
});
