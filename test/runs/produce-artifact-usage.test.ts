import os from 'node:os';
import path from 'node:path';
import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import { describe, expect, it } from 'vitest';
import { finishRun, getRun } from '../../src/db/runs-repository.js';
import { createLogger } from '../../src/logger.js';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import type { ModelClient } from '../../src/model/model-client.js';
import { produceArtifact } from '../../src/runs/produce-artifact.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { inMemoryToolGateway } from '../support/in-memory-tool-gateway.js';
import { recordingMetrics } from '../support/recording-metrics.js';
import { seedRun } from '../support/seed-rows.js';
import { answerLostOnce, statementLog } from '../support/statement-log.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const spec = { name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } };
const file = path.join(os.tmpdir(), 'drafter.yaml'); // a folder that exists (no context files are read)
const drafter = { spec: AgentSpec.parse(spec), file, hash: 'h1' };
const withTools = {
  spec: AgentSpec.parse({ ...spec, tools: { desk: { command: ['desk-server'], read: ['lookup_customer'] } } }),
  file,
  hash: 'h2',
};

/** A model answering from a script: each reply calls one tool and reports `tokens` input tokens. */
function scripted(replies: Array<{ tool: string; input: unknown; tokens: number }>): ModelClient & { calls: number } {
  const model = {
    calls: 0,
    async createMessage() {
      const next = replies[Math.min(model.calls, replies.length - 1)];
      model.calls += 1;
      return {
        id: `msg_${model.calls}`,
        type: 'message',
        role: 'assistant',
        model: 'claude-haiku-4-5',
        stop_reason: 'tool_use',
        stop_sequence: null,
        container: null,
        content: [{ type: 'tool_use', id: `toolu_${model.calls}`, name: next?.tool, input: next?.input }],
        usage: {
          input_tokens: next?.tokens,
          output_tokens: 1,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 0,
        },
      } as unknown as Message;
    },
  };
  return model;
}

const answer = (tokens: number) => ({ tool: ARTIFACT_TOOL, input: { text: 'Hello' }, tokens });

function deps(db: typeof database.db, model: ModelClient, tools?: ReturnType<typeof inMemoryToolGateway>) {
  return {
    db,
    model,
    tools,
    defaultModel: 'claude-haiku-4-5',
    instanceId: 'i1',
    logger: createLogger('error'),
    metrics: recordingMetrics(),
    databaseWaitMs: 5_000,
  };
}

const usageOf = async (runId: string) => {
  const run = await getRun(database.db, runId);
  return { calls: run?.model_calls, input: run?.input_tokens, costed: (run?.cost_usd ?? 0) > 0 };
};
const isArtifactInsert = (sql: string) => /^with .*insert into "artifacts"/s.test(sql);

// What the model cost is stored with the artifact (the statement that ends the run), and
// before anything slow follows a model call, so that no run pays a statement of its own for it
// and no failure loses it.
describe("a run's model usage", () => {
  it('is stored with the artifact, in the statement that ends the run', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '5.1' });
    const logged = statementLog(database.db);

    await produceArtifact(deps(logged.db, scripted([answer(40)])), run, drafter);

    expect(await usageOf(run.id)).toEqual({ calls: 1, input: 40, costed: true });
    const writes = logged.statements.filter((sql) => !sql.startsWith('select'));
    expect(writes).toHaveLength(2); // the claim, the artifact with the run's end and its usage
    expect(writes[1]).toMatch(
      /update "runs" set "status" = \$\d+, "finished_at" = \$\d+, "model_calls" = "model_calls" \+/,
    );
  });

  it('of a call followed by a tool is stored before the tool runs; the last with the artifact', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '5.2' });
    const seenByTool: unknown[] = [];
    const tools = inMemoryToolGateway(
      [
        {
          server: 'desk',
          name: 'lookup_customer',
          description: 'Finds one.',
          inputSchema: { type: 'object' },
          permission: 'read',
        },
      ],
      {
        'desk.lookup_customer': async () => {
          seenByTool.push(await usageOf(run.id));
          return { isError: false, text: 'Acme' };
        },
      },
    );
    const model = scripted([{ tool: 'desk__lookup_customer', input: {}, tokens: 100 }, answer(200)]);

    await produceArtifact(deps(database.db, model, tools), run, withTools);

    expect(seenByTool).toEqual([{ calls: 1, input: 100, costed: true }]);
    expect(await usageOf(run.id)).toEqual({ calls: 2, input: 300, costed: true });
  });

  it('is stored when the run fails after the model answered (invalid output), every call counted', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '5.3' });
    const model = scripted([{ tool: ARTIFACT_TOOL, input: { wrong: true }, tokens: 7 }]);

    await expect(produceArtifact(deps(database.db, model), run, drafter)).rejects.toMatchObject({
      code: 'model_output_invalid',
    });

    expect(model.calls).toBeGreaterThan(0);
    expect(await usageOf(run.id)).toEqual({ calls: model.calls, input: 7 * model.calls, costed: true });
  });

  it('is counted once after a lost answer to the statement that stored it', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '5.4' });
    const logged = statementLog(database.db, { fail: answerLostOnce(isArtifactInsert) });

    await produceArtifact(deps(logged.db, scripted([answer(40)])), run, drafter);

    expect(await usageOf(run.id)).toEqual({ calls: 1, input: 40, costed: true });
  });

  it('is still counted when another process had reported the run interrupted meanwhile', async () => {
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued', status_ts: '5.5' });
    const answering = scripted([answer(40)]);
    const interrupting: ModelClient = {
      async createMessage(params, options) {
        await finishRun(database.db, run.id, { status: 'interrupted', errorCode: 'run_interrupted' });
        return answering.createMessage(params, options);
      },
    };

    const produced = await produceArtifact(deps(database.db, interrupting), run, drafter);

    expect(produced.ended).toBe(false);
    expect((await getRun(database.db, run.id))?.status).toBe('interrupted');
    expect(await usageOf(run.id)).toEqual({ calls: 1, input: 40, costed: true });
  });
});
