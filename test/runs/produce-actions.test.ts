import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { noMetrics } from '../../src/metrics/metrics.js';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import { produceArtifact } from '../../src/runs/produce-artifact.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import type { LoadedAgent } from '../../src/specs/loaded-agent.js';
import { McpToolGateway } from '../../src/tools/mcp-tool-gateway.js';
import { answeringModel } from '../support/answering-model.js';
import { seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

// A real MCP server over stdio (the test help desk, built with the SDK), started by the real
// gateway from the spec's `tools:`; its call log is what it was asked to do.
const STDIO_SERVER = fileURLToPath(new URL('../support/mcp/stdio-tool-server.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const database = useTestDatabase();

let dir: string;
let callLog: string;
let tools: McpToolGateway;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-produce-actions-'));
  callLog = path.join(dir, 'calls.jsonl');
  tools = new McpToolGateway({
    baseEnv: { PATH: process.env.PATH, HOME: process.env.HOME },
    logger: createLogger('error'),
  });
});
afterAll(async () => {
  await tools?.close();
  await rm(dir, { recursive: true, force: true });
});

/** An actions agent whose desk server lets it read `lookup_customer` and write the tools in `write`. */
function deskAgent(write: string[]): LoadedAgent {
  return {
    spec: AgentSpec.parse({
      name: 'desk-ops',
      channels: ['#ops'],
      instructions: 'Propose record updates.',
      artifact: { type: 'actions' },
      tools: {
        desk: {
          command: ['node', '--import', TSX, STDIO_SERVER],
          env: { CALL_LOG: callLog },
          read: ['lookup_customer'],
          write,
        },
      },
    }),
    file: path.join(dir, 'desk-ops.yaml'),
    hash: write.join(','),
  };
}

/** The tools the server was asked to run (its start lines left out). */
async function served(): Promise<unknown[]> {
  const text = await readFile(callLog, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.tool !== undefined);
}

const proposal = {
  actions: [{ tool: 'desk.update_record', arguments: { id: 'C-1', value: 'won' }, reason: 'Signed.' }],
};

describe('an actions run', () => {
  it("asks the model with the write tools' schemas as the server lists them and stores them with the artifact; read tools are not proposable; nothing is called", async () => {
    const agent = deskAgent(['update_record']);
    const model = answeringModel(proposal);
    const run = await seedRun(database.db, { agent: 'desk-ops', status: 'queued' });
    const { artifact } = await produceArtifact(
      { db: database.db, model, defaultModel: 'claude-haiku-4-5', instanceId: 'i1', tools, metrics: noMetrics },
      run,
      agent,
    );

    expect(artifact.content).toEqual(proposal);
    expect(artifact.options).toEqual({
      type: 'actions',
      write_tools: [
        {
          server: 'desk',
          name: 'update_record',
          description: 'Changes a record',
          inputSchema: expect.objectContaining({
            type: 'object',
            properties: { id: { type: 'string' }, value: { type: 'string' } },
            required: ['id', 'value'],
          }),
        },
      ],
    });
    const request = model.requests[0];
    const tool = request?.tools?.find((t) => 'name' in t && t.name === ARTIFACT_TOOL) as { input_schema: unknown };
    const variants = JSON.stringify(tool.input_schema);
    expect(variants).toContain('"const":"desk.update_record"');
    // The read tool is offered to read, never proposable; a tool not allowed is neither.
    expect((request?.tools ?? []).map((t) => ('name' in t ? t.name : ''))).toEqual([
      'desk__lookup_customer',
      ARTIFACT_TOOL,
    ]);
    expect(variants).not.toContain('desk.lookup_customer');
    expect(variants).not.toContain('desk.read_ticket');
    // Nothing is called during a run: proposing is all the model can do (the server's own log).
    expect(await served()).toEqual([]);
  });

  it('fails with a clear message, before asking the model, when none of its write tools is offered by the server', async () => {
    // A valid spec whose write list names a tool the server does not have: known only at run time.
    const agent = deskAgent(['update_recrod']);
    const model = answeringModel(proposal);
    const run = await seedRun(database.db, { agent: 'desk-ops', status: 'queued' });
    await expect(
      produceArtifact(
        { db: database.db, model, defaultModel: 'claude-haiku-4-5', instanceId: 'i1', tools, metrics: noMetrics },
        run,
        agent,
      ),
    ).rejects.toMatchObject({
      code: 'spec_invalid',
      category: 'user',
      message:
        'this agent proposes actions (artifact type actions), but none of its tools is a write tool: list the tools it may propose under `tools.<server>.write` in its spec.',
    });
    expect(model.requests).toEqual([]);
    expect(await served()).toEqual([]);
  });
});
