import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AppProcess, appProcessEnv, startAppProcess } from '../support/app-process.js';
import { type FakeAnthropic, modelDelay, modelToolUse, startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { findButton } from '../support/find-button.js';
import { sendBlockAction, sendCommand } from '../support/slack-requests.js';
import { DEFAULT_CHANNELS, type RecordedMessage, SIGNING_SECRET } from '../support/start-test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/*
 * The app as real processes (`coworker start`, as `npm start` runs it): killed mid-run,
 * stopped with SIGTERM, and (on PostgreSQL) two replicas sharing one database.
 */

const SUPPORT = 'C0SUPPORT01';
let slack: FakeSlack;
let model: FakeAnthropic;
let database: TestDatabase;
let agentsDir: string;
let hook: WebhookReceiver;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  [slack, model, database, hook] = await Promise.all([
    startFakeSlack({ channels: DEFAULT_CHANNELS }),
    startFakeAnthropic(),
    createTestDatabase(),
    startWebhookReceiver(),
  ]);
  agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-proc-'));
  await writeFile(
    path.join(agentsDir, 'slow-writer.yaml'),
    'channels: ["#support"]\ninstructions: Write slowly.\nartifact: { type: message }\n',
  );
  await writeFile(
    path.join(agentsDir, 'hooked.yaml'),
    `channels: ["#support"]\ninstructions: Notify.\nartifact: { type: message }\non_approve:\n  - webhook: { url: "${hook.url}" }\n`,
  );
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([slack?.close(), model?.close(), hook?.close()]);
  await database?.cleanup();
  await rm(agentsDir, { recursive: true, force: true });
});
beforeEach(() => {
  slack.reset({ state: false });
  model.reset();
  model.toolInput = () => ({ text: 'Done.' });
  hook.received.length = 0;
  hook.failWith();
});

function startApp(extraEnv: Record<string, string> = {}): Promise<AppProcess> {
  const env = appProcessEnv({ slackUrl: slack.url, modelUrl: model.url, agentsDir, database: database.env });
  return startAppProcess({ ...env, ...extraEnv }, { track: children });
}

function runSlowWriter(app: AppProcess) {
  return sendCommand(app.url, SIGNING_SECRET, {
    text: 'run slow-writer please',
    user_id: 'U0ALICE',
    channel_id: SUPPORT,
    channel_name: 'support',
    response_url: slack.responseUrl(),
  });
}

/** Webhook retries far apart, so a kill lands while the app waits between them. */
const SLOW_RETRIES = { COWORKER_WEBHOOK_ATTEMPTS: '5', COWORKER_WEBHOOK_BACKOFF_MS: '60000' };
const INTERRUPTED_REPORT = /may or may not have arrived/;

/** Runs `hooked`, approves its review, and waits for the first (failing) webhook delivery. */
async function approveHookedAndFailFirstDelivery(
  app: AppProcess,
): Promise<{ review: RecordedMessage; deliveryId: string }> {
  hook.failWith(500, 500, 500, 500, 500);
  await sendCommand(app.url, SIGNING_SECRET, {
    text: 'run hooked',
    user_id: 'U0ALICE',
    channel_id: SUPPORT,
    channel_name: 'support',
    response_url: slack.responseUrl(),
  });
  const review = await slack.waitForCall(
    'chat.update',
    (p) => p.channel === SUPPORT && JSON.stringify(p.blocks ?? []).includes('review_approve'),
  );
  await sendBlockAction(app.url, SIGNING_SECRET, {
    user: 'U0BOB',
    channel: SUPPORT,
    message_ts: String(review.params.ts),
    action: findButton(review.params.blocks, 'Approve'),
  });
  const [first] = await hook.waitFor(1);
  return { review, deliveryId: String(first?.headers['x-coworker-delivery']) };
}

function reportsIn(review: RecordedMessage) {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.params.thread_ts === review.params.ts && INTERRUPTED_REPORT.test(String(c.params.text)));
}

describe('crash safety', () => {
  it('reports a run whose process was killed mid-run as failed, with Retry, once the app is back', async () => {
    model.enqueue(modelDelay(60_000, modelToolUse('submit_artifact', { text: 'too late' })));
    const first = await startApp();
    await runSlowWriter(first);
    const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    await model.waitForRequests(1);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startApp();
    try {
      const failed = await slack.waitForCall(
        'chat.update',
        (p) => p.ts === working.response?.ts && String(p.text).startsWith('Run failed: '),
        15_000,
      );
      expect(String(failed.params.text)).toMatch(/Press Retry/);
      expect(findButton(failed.params.blocks, 'Retry').action_id).toBe('run_retry');
      expect((await fetch(`${second.url}/healthz`)).status).toBe(200);
      // Reported once, however many sweeps ran.
      await new Promise((r) => setTimeout(r, 1000));
      expect(
        slack
          .callsTo('chat.update')
          .filter((c) => c.params.ts === working.response?.ts && String(c.params.text).startsWith('Run failed: ')),
      ).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('reports an approved webhook cut off between retries by SIGKILL in the thread, once, without delivering it again', async () => {
    const first = await startApp(SLOW_RETRIES);
    const { review, deliveryId } = await approveHookedAndFailFirstDelivery(first);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startApp(SLOW_RETRIES);
    try {
      const report = await slack.waitForCall(
        'chat.postMessage',
        (p) => p.thread_ts === review.params.ts && INTERRUPTED_REPORT.test(String(p.text)),
        15_000,
      );
      const text = String(report.params.text);
      expect(text).toContain(`deliver the webhook to ${new URL(hook.url).host}`);
      expect(text).toContain(deliveryId);
      expect(text).toMatch(/not retried/);
      // Later sweeps (well past the instance timeout) neither report again nor deliver again.
      await new Promise((r) => setTimeout(r, 2500));
      expect(reportsIn(review)).toHaveLength(1);
      expect(hook.received).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    const db = await database.open();
    try {
      const steps = await db.selectFrom('apply_steps').selectAll().where('delivery_id', '=', deliveryId).execute();
      expect(steps.map((s) => s.status)).toEqual(['interrupted']);
      expect(steps[0]?.reported_at).toBeInstanceOf(Date);
    } finally {
      await db.destroy();
    }
  });

  it('on SIGTERM drains, reports the run it could not finish, and exits promptly', async () => {
    model.enqueue(modelDelay(60_000, modelToolUse('submit_artifact', { text: 'too late' })));
    const app = await startApp();
    await runSlowWriter(app);
    const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    await model.waitForRequests(1);
    const signalledAt = Date.now();
    app.child.kill('SIGTERM');
    // While it drains, /healthz says so (503), so a load balancer stops sending it work.
    let drainingStatus = 0;
    while (app.child.exitCode === null && drainingStatus !== 503) {
      drainingStatus = await fetch(`${app.url}/healthz`).then(
        (r) => r.status,
        () => 0,
      );
    }
    expect(drainingStatus).toBe(503);
    expect(await app.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    const failed = slack
      .callsTo('chat.update')
      .find((c) => c.params.ts === working.response?.ts && String(c.params.text).startsWith('Run failed: '));
    expect(String(failed?.params.text)).toMatch(/restarted before this run could finish/);
  });
});

describe.runIf(process.env.COWORKER_TEST_DATABASE === 'postgres')('replicas on one PostgreSQL', () => {
  it('serves every schedule slot exactly once across two processes', async () => {
    await writeFile(
      path.join(agentsDir, 'every-two-seconds.yaml'),
      'channels: ["#ops"]\ninstructions: Tick.\ntriggers:\n  schedule:\n    - cron: "*/2 * * * * *"\n      input: tick\nartifact: { type: message }\n',
    );
    const [a, b] = await Promise.all([startApp(), startApp()]);
    try {
      await new Promise((r) => setTimeout(r, 9000));
    } finally {
      await rm(path.join(agentsDir, 'every-two-seconds.yaml'));
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
    }
    let slotCount = 0;
    const db = await database.open();
    try {
      const slots = await db
        .selectFrom('schedule_slots')
        .selectAll()
        .where('job', '=', 'every-two-seconds#0')
        .orderBy('slot')
        .execute();
      slotCount = slots.length;
      expect(slots.length).toBeGreaterThanOrEqual(3);
      const runs = await db.selectFrom('runs').select(['id']).where('agent', '=', 'every-two-seconds').execute();
      expect(runs).toHaveLength(slots.length);
      expect(new Set(slots.map((s) => s.run_id)).size).toBe(slots.length);
      const seconds = slots.map((s) => new Date(s.slot).getTime() / 1000);
      expect(seconds.every((s) => s % 2 === 0)).toBe(true);
    } finally {
      await db.destroy();
    }
    // One "working…" message per slot: no slot was run by both replicas.
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0OPS000001');
    expect(posts).toHaveLength(slotCount);
  });

  it('reports the runs of a killed replica from the surviving one within seconds', async () => {
    model.enqueue(modelDelay(60_000, modelToolUse('submit_artifact', { text: 'too late' })));
    const [a, b] = await Promise.all([startApp(), startApp()]);
    try {
      await runSlowWriter(a);
      const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
      await model.waitForRequests(1);
      a.child.kill('SIGKILL');
      const failed = await slack.waitForCall(
        'chat.update',
        (p) => p.ts === working.response?.ts && String(p.text).startsWith('Run failed: '),
        10_000,
      );
      expect(String(failed.params.text)).toMatch(/stopped \(crashed or was killed\)/);
    } finally {
      b.child.kill('SIGTERM');
      await b.exited;
    }
  });

  it('reports the webhook a killed replica was retrying from the surviving one, once', async () => {
    const [a, b] = await Promise.all([startApp(SLOW_RETRIES), startApp(SLOW_RETRIES)]);
    try {
      const { review, deliveryId } = await approveHookedAndFailFirstDelivery(a);
      const killedAt = Date.now();
      a.child.kill('SIGKILL');
      const report = await slack.waitForCall(
        'chat.postMessage',
        (p) => p.thread_ts === review.params.ts && INTERRUPTED_REPORT.test(String(p.text)),
        30_000,
      );
      expect(Date.now() - killedAt).toBeLessThan(10_000);
      expect(String(report.params.text)).toContain(deliveryId);
      await new Promise((r) => setTimeout(r, 2000));
      expect(reportsIn(review)).toHaveLength(1);
      expect(hook.received).toHaveLength(1);
    } finally {
      b.child.kill('SIGTERM');
      await b.exited;
    }
  });
});
