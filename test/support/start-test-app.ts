import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningCoworker, startCoworker } from '../../src/main.js';
import { type FakeAnthropic, startFakeAnthropic } from './fake-anthropic.js';
import { type FakeSlack, type FakeSlackOptions, type SlackCall, startFakeSlack } from './fake-slack.js';
import { findButton } from './find-button.js';
import { type SlackHttpResponse, sendBlockAction, sendCommand } from './slack-requests.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const SIGNING_SECRET = 'test-signing-secret';

export const DEFAULT_CHANNELS = [
  { id: 'C0SUPPORT01', name: 'support' },
  { id: 'C0GENERAL01', name: 'general' },
  { id: 'C0OUTBOX001', name: 'support-outbox' },
  { id: 'C0OPS000001', name: 'ops' },
];

/** A recorded chat.update / chat.postMessage call, as far as clicking its buttons needs. */
export type RecordedMessage = Pick<SlackCall, 'params' | 'response'>;

export interface TestApp {
  url: string;
  slack: FakeSlack;
  model: FakeAnthropic;
  database: TestDatabase;
  agentsDir: string;
  /** KNOWLEDGE_DIR: the team facts (`facts` of the options, `writeFact`). */
  knowledgeDir: string;
  app: RunningCoworker;
  /** Stops the app (as SIGTERM would) and starts a new one on the same database and fakes. */
  restart(extraEnv?: Record<string, string>): Promise<void>;
  /** Starts a second app on the same database, folders and fakes (PostgreSQL only: PGlite has one owner); the caller stops it. */
  startReplica(extraEnv?: Record<string, string>): Promise<RunningCoworker>;
  writeAgent(file: string, yaml: string): Promise<void>;
  /** Writes (or replaces) a fact file in KNOWLEDGE_DIR, e.g. `refund-policy.md`. */
  writeFact(file: string, markdown: string): Promise<void>;
  /** `/coworker <text>` as `user` (default U0ALICE) in `channel` (default #support); Slack's view of the answer. */
  command(
    text: string,
    options?: { user?: string; channel?: { id: string; name: string } },
  ): Promise<SlackHttpResponse>;
  /** `/coworker run <agent> <input>`, then the review message of that run (a chat.update made after the command, holding Approve). */
  runAgent(agent: string, options?: { input?: string; user?: string }): Promise<SlackCall>;
  /** Clicks the button with this visible text on a recorded message (chat.update or chat.postMessage), as `user`. */
  click(
    message: RecordedMessage,
    text: string,
    user: string,
    options?: { trigger_id?: string },
  ): Promise<SlackHttpResponse>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  agents: Record<string, string>;
  files?: Record<string, string>;
  /** Fact files in KNOWLEDGE_DIR, by file name. */
  facts?: Record<string, string>;
  env?: Record<string, string>;
  slack?: FakeSlackOptions;
}

/**
 * The real app (composition root, Bolt HTTP receiver, real database) against fake Slack and
 * Anthropic servers on 127.0.0.1, configured only through the environment like `npm start`.
 */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const slack = await startFakeSlack({ channels: DEFAULT_CHANNELS, ...options.slack });
  const model = await startFakeAnthropic();
  const database = await createTestDatabase();
  const agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-agents-'));
  const writeAgent = async (file: string, yaml: string) => {
    await mkdir(path.dirname(path.join(agentsDir, file)), { recursive: true });
    await writeFile(path.join(agentsDir, file), yaml);
  };
  for (const [file, yaml] of Object.entries(options.agents)) await writeAgent(file, yaml);
  for (const [file, text] of Object.entries(options.files ?? {})) await writeAgent(file, text);
  const knowledgeDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-knowledge-'));
  // Written beside it, then renamed into place (as editors save): a reload never reads half a file.
  const writeFact = async (file: string, markdown: string) => {
    const target = path.join(knowledgeDir, file);
    await writeFile(`${target}.tmp`, markdown);
    await rename(`${target}.tmp`, target);
  };
  for (const [file, markdown] of Object.entries(options.facts ?? {})) await writeFact(file, markdown);

  const envFor = (extra: Record<string, string> = {}) => ({
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: model.url,
    COWORKER_MODEL_MAX_RETRIES: '0',
    AGENTS_DIR: agentsDir,
    KNOWLEDGE_DIR: knowledgeDir,
    PORT: '0',
    LOG_LEVEL: 'warn',
    COWORKER_RELOAD_MS: '200',
    COWORKER_DRAIN_MS: '2000',
    COWORKER_WEBHOOK_BACKOFF_MS: '20',
    ...database.env,
    ...options.env,
    ...extra,
  });
  const boot = (extra?: Record<string, string>) =>
    startCoworker(loadConfig(envFor(extra), ['slack', 'model']), {
      logger: createLogger('error'),
    });

  const handle: TestApp = {
    url: '',
    slack,
    model,
    database,
    agentsDir,
    knowledgeDir,
    app: await boot(),
    writeAgent,
    writeFact,
    command: (text, o = {}) => {
      const channel = o.channel ?? { id: 'C0SUPPORT01', name: 'support' };
      return sendCommand(handle.url, SIGNING_SECRET, {
        text,
        user_id: o.user ?? 'U0ALICE',
        channel_id: channel.id,
        channel_name: channel.name,
        response_url: slack.responseUrl(),
      });
    },
    async runAgent(agent, o = {}) {
      const since = slack.calls.length;
      await handle.command(`run ${agent} ${o.input ?? 'input'}`, o.user ? { user: o.user } : {});
      return slack.waitForCall(
        'chat.update',
        (p, call) => slack.calls.indexOf(call) >= since && JSON.stringify(p.blocks ?? []).includes('review_approve'),
      );
    },
    click: (message, text, user, o = {}) =>
      sendBlockAction(handle.url, SIGNING_SECRET, {
        user,
        channel: String(message.params.channel),
        // A chat.update names its message; a chat.postMessage learns its ts from the answer.
        message_ts: String(message.params.ts ?? message.response?.ts),
        // Slack names the thread of a message pressed on in one.
        ...(typeof message.params.thread_ts === 'string' ? { thread_ts: message.params.thread_ts } : {}),
        action: findButton(message.params.blocks, text),
        ...o,
      }),
    async restart(extraEnv) {
      await handle.app.stop();
      handle.app = await boot(extraEnv);
      handle.url = `http://127.0.0.1:${handle.app.port}`;
    },
    startReplica: (extraEnv) => boot(extraEnv),
    async close() {
      await handle.app.stop();
      await Promise.all([slack.close(), model.close()]);
      await database.cleanup();
      await rm(agentsDir, { recursive: true, force: true });
      await rm(knowledgeDir, { recursive: true, force: true });
    },
  };
  handle.url = `http://127.0.0.1:${handle.app.port}`;
  return handle;
}
