import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { noMetrics } from '../../src/metrics/metrics.js';
import { executeRun } from '../../src/orchestration/execute-run.js';
import type { SlackPort } from '../../src/slack-port.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { answeringModel } from '../support/answering-model.js';
import { seedRun } from '../support/seed-rows.js';
import { statementLog } from '../support/statement-log.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const agent = {
  spec: AgentSpec.parse({ name: 'drafter', channels: ['C1'], instructions: 'Draft.', artifact: { type: 'message' } }),
  file: path.join(os.tmpdir(), 'drafter.yaml'), // a folder that exists (no context files are read)
  hash: 'h1',
};

// Every statement costs the app's one thread CPU and a round trip (docs/benchmarks.md): this is
// the whole list of a run after its ack, the Slack calls shown where they fall.
describe('a run, from its ack to its review shown', () => {
  it('claims it and reads its corrections in one statement, then stores its artifact with its end, its usage and its place, and nothing after it', async () => {
    const logged = statementLog(database.db);
    const events = logged.statements;
    const slack: SlackPort = stubSlackPort({
      postMessage: async (m) => {
        events.push('chat.postMessage');
        return { channel: m.channel, ts: '9.1' };
      },
      updateMessage: async () => void events.push('chat.update'),
    });
    const run = await seedRun(database.db, { agent: 'drafter', status: 'queued' });
    const services = {
      db: logged.db,
      model: answeringModel({ text: 'Hello' }),
      defaultModel: 'claude-haiku-4-5',
      instanceId: 'i1',
      slack,
      agents: () => new AgentRegistry({ agents: [agent], invalid: [] }),
      logger: createLogger('error'),
      metrics: noMetrics,
    };

    await executeRun(services, run);

    const described = events.map((e) =>
      e.startsWith('chat.')
        ? e
        : /^with "finished" as \(update "runs" .*\) insert into "artifacts"/s.test(e)
          ? 'artifact, ending the run'
          : /^with "claimed" as \(update "runs" .* from "corrections"/s.test(e)
            ? 'claim, reading the corrections'
            : (/^(select|update|insert into) .*?"(\w+)"/.exec(e)?.slice(1, 3).join(' ') ?? e),
    );
    // The corrections are read in the claim's statement; the model's usage is stored with the
    // artifact, in the statement that ends the run; a pending review's showing is not recorded
    // (only a decided one's is: the sweep repairs those).
    expect(described).toEqual([
      'chat.postMessage',
      'claim, reading the corrections',
      'artifact, ending the run',
      'chat.update',
    ]);
  });
});
