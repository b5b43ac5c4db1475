import os from 'node:os';
import path from 'node:path';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import type { ModelClient } from '../../src/model/model-client.js';
import { produceArtifact } from '../../src/runs/produce-artifact.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import type { LoadedAgent } from '../../src/specs/loaded-agent.js';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { inMemoryToolGateway } from '../support/in-memory-tool-gateway.js';
import { seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent: LoadedAgent = {
  spec: AgentSpec.parse({
    name: 'crm-ops',
    channels: ['#ops'],
    instructions: 'Propose contact updates.',
    artifact: { type: 'actions' },
  }),
  // No context files: only its folder must exist.
  file: path.join(os.tmpdir(), 'crm-ops.yaml'),
  hash: 'h',
};

/** A model that answers every request with this tool input, and keeps the requests. */
function answering(input: unknown): ModelClient & { requests: MessageCreateParamsNonStreaming[] } {
  const requests: MessageCreateParamsNonStreaming[] = [];
  return {
    requests,
    async createMessage(params) {
      requests.push(structuredClone(params));
      return {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: params.model,
        stop_reason: 'tool_use',
        stop_sequence: null,
        container: null,
        content: [{ type: 'tool_use', id: 'toolu_1', name: ARTIFACT_TOOL, input, caller: { type: 'direct' } }],
        usage: { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      } as unknown as Message;
    },
  };
}

const proposal = {
  actions: [{ tool: 'crm.update_contact', arguments: { id: 'C-1', field: 'stage', value: 'won' }, reason: 'Signed.' }],
};

describe('an actions run', () => {
  it("asks the model with the write tools' schemas and stores them with the artifact; read tools are not proposable", async () => {
    const tools = inMemoryToolGateway([
      { ...UPDATE_CONTACT_TOOL, permission: 'write' },
      { server: 'crm', name: 'search', inputSchema: { type: 'object' }, permission: 'read' },
      { server: 'crm', name: 'delete_contact', inputSchema: { type: 'object' }, permission: 'not allowed' },
    ]);
    const model = answering(proposal);
    const run = await seedRun(database.db, { agent: 'crm-ops', status: 'queued' });
    const { artifact } = await produceArtifact(
      { db: database.db, model, defaultModel: 'claude-haiku-4-5', instanceId: 'i1', tools },
      run,
      agent,
    );

    expect(artifact.content).toEqual(proposal);
    expect(artifact.options).toEqual({ type: 'actions', write_tools: [UPDATE_CONTACT_TOOL] });
    const tool = model.requests[0]?.tools?.find((t) => 'name' in t && t.name === ARTIFACT_TOOL) as {
      input_schema: unknown;
    };
    const variants = JSON.stringify(tool.input_schema);
    expect(variants).toContain('"const":"crm.update_contact"');
    expect(variants).toContain('"enum":["email","stage","owner"]');
    expect(variants).not.toContain('crm.search');
    expect(variants).not.toContain('crm.delete_contact');
    // Nothing is called during a run: proposing is all the model can do.
    expect(tools.calls).toEqual([]);
  });

  it('fails with a clear message, before asking the model, when the agent has no write tool', async () => {
    const model = answering(proposal);
    for (const tools of [inMemoryToolGateway([{ ...UPDATE_CONTACT_TOOL, permission: 'read' }]), undefined]) {
      const run = await seedRun(database.db, { agent: 'crm-ops', status: 'queued' });
      await expect(
        produceArtifact(
          { db: database.db, model, defaultModel: 'claude-haiku-4-5', instanceId: 'i1', ...(tools ? { tools } : {}) },
          run,
          agent,
        ),
      ).rejects.toMatchObject({
        code: 'spec_invalid',
        category: 'user',
        message:
          'this agent proposes actions (artifact type actions), but none of its tools is a write tool: list the tools it may propose under `tools.<server>.write` in its spec.',
      });
    }
    expect(model.requests).toEqual([]);
  });
});
