import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/logger.js';
import { type RunningCoworker, startCoworker } from '../../src/main.js';
import { type FakeAnthropic, forcedToolName, promptText, startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { type FakeSocketMode, startFakeSocketMode } from '../support/fake-socket-mode.js';
import { blocksText, findButton, listButtons } from '../support/find-button.js';
import { scrapeMetrics } from '../support/prometheus-scrape.js';
import { freePort } from '../support/run-cli.js';
import {
  appMentionEvent,
  blockActionPayload,
  eventCallbackPayload,
  slashCommandPayload,
} from '../support/slack-requests.js';
import { DEFAULT_CHANNELS } from '../support/start-test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SUPPORT = 'C0SUPPORT01';
const OUTBOX = 'C0OUTBOX001';
const APP_TOKEN = 'xapp-1-test';
const DRAFT = { text: 'Hi Alice, your refund is on its way.' };

const SUPPORT_REPLY = `
description: Drafts replies to customer emails
channels: ["#support"]
instructions: Draft a reply to the customer email.
triggers:
  mention: true
artifact:
  type: message
on_approve:
  - post: "#support-outbox"
`;

let slack: FakeSlack;
let socket: FakeSocketMode;
let model: FakeAnthropic;
let database: TestDatabase;
let agentsDir: string;
let port: number;
let app: RunningCoworker | undefined;
let baseEnv: Record<string, string>;

beforeAll(async () => {
  slack = await startFakeSlack({ channels: DEFAULT_CHANNELS });
  socket = await startFakeSocketMode({ slack, appToken: APP_TOKEN });
  model = await startFakeAnthropic();
  database = await createTestDatabase();
  agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-agents-'));
  await writeFile(path.join(agentsDir, 'support-reply.yaml'), SUPPORT_REPLY);
  port = await freePort();
  // Socket Mode: an app-level token and no signing secret; the app is configured only through its environment.
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_APP_TOKEN: APP_TOKEN,
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: model.url,
    COWORKER_MODEL_MAX_RETRIES: '0',
    AGENTS_DIR: agentsDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    COWORKER_DRAIN_MS: '2000',
    ...database.env,
  };
  baseEnv = env;
  app = await startCoworker(loadConfig(env, ['slack']), { logger: createLogger('error') });
});

afterAll(async () => {
  await app?.stop();
  await socket?.close();
  await Promise.all([slack?.close(), model?.close()]);
  await database?.cleanup();
  if (agentsDir) await rm(agentsDir, { recursive: true, force: true });
});

beforeEach(() => {
  model.reset();
  model.toolInput = () => DRAFT;
});

function command(text: string, user = 'U0ALICE') {
  return socket.sendEnvelope(
    'slash_commands',
    slashCommandPayload({
      text,
      user_id: user,
      channel_id: SUPPORT,
      channel_name: 'support',
      response_url: slack.responseUrl(),
    }),
  );
}

/** The review message: the working message updated in place with the buttons. */
function reviewMessage(after = 0) {
  return slack.waitForCall(
    'chat.update',
    (p, call) => call.at >= after && JSON.stringify(p.blocks ?? []).includes('review_approve'),
  );
}

describe('Socket Mode', () => {
  it('connects over the WebSocket with the app-level token and serves /healthz on PORT', async () => {
    await socket.connected;
    expect(socket.connections).toBe(1);
    const open = slack.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(open[0]!.response).toMatchObject({ ok: true });

    expect(app!.port).toBe(port);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    // Slack reaches a Socket Mode app only over the socket: there is no unsigned HTTP way in.
    const events = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
    expect(events.status).toBe(404);
  });

  it('acks /coworker help with the help text in the envelope ack', async () => {
    const ack = await command('help');
    expect(ack.payload.response_type).toBe('ephemeral');
    expect(String(ack.payload.text)).toContain('/coworker run <agent>');
    expect(String(ack.payload.text)).toContain('`support-reply`');
    expect(model.requests).toHaveLength(0);
  });

  it('runs an agent from /coworker run, reviews it, and applies an Approve click sent as an interactive envelope', async () => {
    const started = Date.now();
    const ack = await command('run support-reply Where is my refund? Alice');
    expect(ack.payload).toEqual({});

    const [request] = await model.waitForRequests(1);
    expect(forcedToolName(request!)).toBe('submit_artifact');
    expect(promptText(request!)).toContain('Where is my refund? Alice');

    const review = await reviewMessage(started);
    expect(review.params.channel).toBe(SUPPORT);
    expect(blocksText(review.params.blocks)).toContain(DRAFT.text);
    const approve = findButton(review.params.blocks, 'Approve');

    const click = await socket.sendEnvelope(
      'interactive',
      blockActionPayload({ user: 'U0BOB', channel: SUPPORT, message_ts: String(review.params.ts), action: approve }),
    );
    expect(click.payload).toEqual({});

    const decided = await slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)),
    );
    expect(listButtons(decided.params.blocks)).toEqual([]);
    expect(blocksText(decided.params.blocks)).toContain('<@U0BOB>');
    const posted = await slack.waitForCall('chat.postMessage', (p) => p.channel === OUTBOX);
    expect(String(posted.params.text)).toContain(DRAFT.text);
  });

  it('runs a mention from an events_api envelope once, even when Slack redelivers it', async () => {
    const started = Date.now();
    const payload = eventCallbackPayload(
      appMentionEvent({ channel: SUPPORT, user: 'U0DAN', text: 'support-reply The package never arrived' }),
    );
    expect(await socket.sendEnvelope('events_api', payload)).toMatchObject({ payload: {} });
    const review = await reviewMessage(started);
    expect(blocksText(review.params.blocks)).toContain('<@U0DAN>');

    await socket.sendEnvelope('events_api', payload, { retry_attempt: 1, retry_reason: 'timeout' });
    // A later, different mention: once its review is out, a redelivery that started a run would have asked the model too.
    const later = Date.now();
    await socket.sendEnvelope(
      'events_api',
      eventCallbackPayload(appMentionEvent({ channel: SUPPORT, user: 'U0ERIN', text: 'support-reply Wrong size' })),
    );
    await slack.waitForCall(
      'chat.update',
      (p, call) =>
        call.at >= later &&
        blocksText(p.blocks).includes('<@U0ERIN>') &&
        JSON.stringify(p.blocks).includes('review_approve'),
    );
    expect(model.requests.filter((r) => promptText(r).includes('The package never arrived'))).toHaveLength(1);
    expect(model.requests).toHaveLength(2);
  });

  it('serves /metrics on PORT beside /healthz, with the acks of the envelopes above', async () => {
    const m = await scrapeMetrics(`http://127.0.0.1:${port}/metrics`);
    // help and run; the Approve click; the mention, its redelivery (acked, then dropped) and the later mention.
    expect(m.count('coworker_ack_latency_seconds', { kind: 'command' })).toBe(2);
    expect(m.count('coworker_ack_latency_seconds', { kind: 'action' })).toBe(1);
    expect(m.count('coworker_ack_latency_seconds', { kind: 'event' })).toBe(3);
    expect(m.value('coworker_runs_started_total', { agent: 'support-reply', trigger: 'mention' })).toBe(2);
    expect(m.value('coworker_runs_finished_total', { agent: 'support-reply', outcome: 'succeeded' })).toBe(3);
    expect(m.value('coworker_reviews_decided_total', { agent: 'support-reply', decision: 'approved' })).toBe(1);
    // Observed once the review is stored as shown, a moment after Slack showed the last one.
    await expect
      .poll(async () =>
        (await scrapeMetrics(`http://127.0.0.1:${port}/metrics`)).count('coworker_run_latency_seconds', {
          agent: 'support-reply',
        }),
      )
      .toBe(3);
  });

  it('keeps one connection alive through the client heartbeat and answers a server ping', async () => {
    await socket.ping();
    // The client pings every clientPingTimeout / 3 (about 1.7 s) and drops the socket when pongs stop.
    await expect.poll(() => socket.pingsReceived, { timeout: 4000, interval: 100 }).toBeGreaterThan(0);
    expect(socket.connections).toBe(1);
    expect(socket.openConnections).toBe(1);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
    expect(socket.unexpected).toEqual([]);
  });

  it('closes the socket cleanly on stop and stops serving /healthz', async () => {
    await app!.stop();
    await socket.waitForDisconnect();
    expect(socket.closes).toEqual([{ by: 'client', code: 1000, reason: '' }]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    app = undefined;
  });
});

describe('Socket Mode start-up failures', () => {
  it('refuses to start on a taken PORT with a clear error, and leaves nothing behind', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const other = await createTestDatabase();
    try {
      const connectionsBefore = slack.callsTo('apps.connections.open').length;
      await expect(
        startCoworker(loadConfig({ ...baseEnv, ...other.env, PORT: String(taken) }, ['slack']), {
          logger: createLogger('error'),
        }),
      ).rejects.toThrow(/could not start.*EADDRINUSE/);
      expect(slack.callsTo('apps.connections.open')).toHaveLength(connectionsBefore);
      // Its database was released: it can be opened again.
      const db = await other.open();
      await db.destroy();
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
      await other.cleanup();
    }
  });
});
