import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../../src/errors.js';
import { type AppProcess, appProcessEnv, healthOf, pollUntil, startAppProcess } from '../support/app-process.js';
import { POSTGRES_ADMIN_URL } from '../support/database-template.js';
import { type FakeAnthropic, modelToolUse, startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { findButton } from '../support/find-button.js';
import { appMentionEvent, messageEvent, sendBlockAction, sendCommand, sendEvent } from '../support/slack-requests.js';
import { DEFAULT_CHANNELS, SIGNING_SECRET } from '../support/start-test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * PostgreSQL going away under a running app (`coworker start`, a real process, so an uncaught
 * error would end it): the app's own database refuses connections and its connections are
 * terminated, the stand-in for a restart or a failover that the issue accepts.
 */

const SUPPORT = 'C0SUPPORT01';
const run = process.env.COWORKER_TEST_DATABASE === 'postgres';
let slack: FakeSlack;
let model: FakeAnthropic;
let database: TestDatabase;
let databaseName: string;
let agentsDir: string;
let app: AppProcess | undefined;
let admin: pg.Client | undefined;

function startApp(): Promise<AppProcess> {
  const env = appProcessEnv({ slackUrl: slack.url, modelUrl: model.url, agentsDir, database: database.env });
  return startAppProcess({ ...env, COWORKER_DATABASE_WAIT_MS: '1000', COWORKER_RELOAD_MS: '200' });
}

/**
 * The stand-in for a restart: no new connections, every open one terminated. Returns only once
 * no backend of the database is left: pg_terminate_backend only signals unless given a wait, and
 * a connection that was starting up may appear a moment later.
 */
async function takeDatabaseAway(): Promise<void> {
  await admin?.query(`alter database ${databaseName} allow_connections false`);
  await pollUntil(
    async () => {
      const left = await admin?.query(
        'select pg_terminate_backend(pid, 5000) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [databaseName],
      );
      return left?.rowCount === 0;
    },
    10_000,
    () => `connections to ${databaseName} survived termination`,
  );
}

async function bringDatabaseBack(): Promise<void> {
  await admin?.query(`alter database ${databaseName} allow_connections true`);
}

function command(text: string) {
  if (!app) throw new Error('no app');
  return sendCommand(app.url, SIGNING_SECRET, {
    text,
    user_id: 'U0ALICE',
    channel_id: SUPPORT,
    channel_name: 'support',
    response_url: slack.responseUrl(),
  });
}

/** The review message (Approve button) that replaced the "working…" message `ts`. */
function waitForReview(ts: string, timeoutMs = 10_000) {
  return slack.waitForCall(
    'chat.update',
    (p) => p.ts === ts && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    timeoutMs,
  );
}

describe.runIf(run)('PostgreSQL restarting under a running app', () => {
  beforeAll(async () => {
    [slack, model, database] = await Promise.all([
      startFakeSlack({ channels: DEFAULT_CHANNELS }),
      startFakeAnthropic(),
      createTestDatabase(),
    ]);
    databaseName = new URL(database.env.DATABASE_URL ?? '').pathname.slice(1);
    admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    admin.on('error', (err) => console.error('admin connection failed', err));
    await admin.connect();
    agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-outage-'));
    await writeFile(
      path.join(agentsDir, 'writer.yaml'),
      'channels: ["#support"]\ninstructions: Write.\nartifact: { type: message }\n',
    );
    await writeFile(
      path.join(agentsDir, 'greeter.yaml'),
      'channels: ["#support"]\ninstructions: Greet.\ntriggers:\n  message: { match: "^hello greeter" }\nartifact: { type: message }\n',
    );
    await writeFile(
      path.join(agentsDir, 'hasty.yaml'),
      'channels: ["#support"]\ninstructions: Write fast.\nlimits: { timeout: 2s }\nartifact: { type: message }\n',
    );
    app = await startApp();
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await bringDatabaseBack().catch(() => undefined);
    await admin?.end();
    await Promise.all([slack?.close(), model?.close()]);
    await database?.cleanup();
    await rm(agentsDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    onTestFailed(() => console.log(`the app's output:\n${app?.output() ?? ''}`));
    slack.reset({ state: false });
    model.reset();
    model.toolInput = () => ({ text: 'Done.' });
    await bringDatabaseBack();
  });

  it('stays up while idle: /healthz 503 and commands refused in plain words, then 200 and working again', async () => {
    if (!app) throw new Error('no app');
    await takeDatabaseAway();
    const down = await pollUntil(
      async () => {
        const h = await healthOf(app?.url ?? '');
        return h.status === 503 && h;
      },
      10_000,
      () => `/healthz never said 503 (exit code ${app?.child.exitCode}):\n${app?.output()}`,
    );
    expect(JSON.parse(down.body)).toEqual({ status: 'database unavailable' });

    const refused = await command('run writer hello');
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ response_type: 'ephemeral', text: DATABASE_UNAVAILABLE_MESSAGE });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(app.child.exitCode).toBeNull();

    await bringDatabaseBack();
    await pollUntil(
      async () => (await healthOf(app?.url ?? '')).status === 200,
      10_000,
      () => `/healthz never recovered:\n${app?.output()}`,
    );
    await command('run writer hello again');
    const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    await waitForReview(String(working.response?.ts));
    expect(app.child.exitCode).toBeNull();
  });

  it('finishes a run that was waiting on the model while the database went away', async () => {
    if (!app) throw new Error('no app');
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    model.enqueue(async () => {
      await answered;
      return modelToolUse('submit_artifact', { text: 'Written during the outage.' });
    });
    await command('run writer please');
    const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    await model.waitForRequests(1);
    await takeDatabaseAway();
    answer();
    // The run got its answer and could not store it: it waits for the database, it does not give up.
    await pollUntil(
      () => /waiting for the database/.test(app?.output() ?? ''),
      10_000,
      () => `no retry was logged:\n${app?.output()}`,
    );
    await bringDatabaseBack();
    const review = await waitForReview(String(working.response?.ts));
    expect(JSON.stringify(review.params.blocks)).toContain('Written during the outage.');
    expect(app.child.exitCode).toBeNull();
  });

  it('reports a run that could not be stored before its time ran out as failed, with a Retry that works once the database is back', async () => {
    if (!app) throw new Error('no app');
    let answer: () => void = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    model.enqueue(async () => {
      await answered;
      return modelToolUse('submit_artifact', { text: 'Too late to store.' });
    });
    await command('run hasty please');
    const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    await model.waitForRequests(1);
    await takeDatabaseAway();
    answer();
    // Slack still answers: the failure is shown at once, in plain words.
    const shown = await slack.waitForCall(
      'chat.update',
      (p) => p.ts === working.response?.ts && String(p.text).startsWith('Run failed: '),
      15_000,
    );
    expect(String(shown.params.text)).toContain(DATABASE_UNAVAILABLE_MESSAGE);
    await bringDatabaseBack();
    // Once the database answers, the failure is recorded (Retry would otherwise say "did not fail").
    const recorded = await slack.waitForCall(
      'chat.update',
      (p, call) => call !== shown && p.ts === working.response?.ts && String(p.text).startsWith('Run failed: '),
      15_000,
    );
    const retry = await sendBlockAction(app.url, SIGNING_SECRET, {
      user: 'U0ALICE',
      channel: SUPPORT,
      message_ts: String(working.response?.ts),
      action: findButton(recorded.params.blocks, 'Retry'),
    });
    expect(retry.status).toBe(200);
    model.toolInput = () => ({ text: 'Second try.' });
    const review = await waitForReview(String(working.response?.ts));
    expect(JSON.stringify(review.params.blocks)).toContain('Second try.');
    expect(app.child.exitCode).toBeNull();
  });

  it('refuses a click, a mention and a message trigger in plain words while the database is away, and takes the click once it is back', async () => {
    if (!app) throw new Error('no app');
    await command('run writer for approval');
    const working = await slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    const review = await waitForReview(String(working.response?.ts));
    const approve = {
      user: 'U0ALICE',
      channel: SUPPORT,
      message_ts: String(working.response?.ts),
      action: findButton(review.params.blocks, 'Approve'),
    };
    await takeDatabaseAway();

    expect((await sendBlockAction(app.url, SIGNING_SECRET, approve)).status).toBe(200);
    const clickRefusal = await slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0ALICE');
    expect(clickRefusal.params.text).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    await sendEvent(
      app.url,
      SIGNING_SECRET,
      appMentionEvent({ channel: SUPPORT, user: 'U0BOB', text: 'writer a mention' }),
    );
    const mentionRefusal = await slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0BOB');
    expect(mentionRefusal.params.text).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    await sendEvent(
      app.url,
      SIGNING_SECRET,
      messageEvent({ channel: SUPPORT, user: 'U0CAROL', text: 'hello greeter' }),
    );
    const messageRefusal = await slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0CAROL');
    expect(messageRefusal.params.text).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    // Nothing was decided: the review still offers Approve.
    expect(
      slack.callsTo('chat.update').filter((c) => c.params.ts === working.response?.ts && c !== review),
    ).toHaveLength(0);

    await bringDatabaseBack();
    await pollUntil(
      async () => (await healthOf(app?.url ?? '')).status === 200,
      10_000,
      () => '/healthz never recovered',
    );
    await sendBlockAction(app.url, SIGNING_SECRET, approve);
    const approved = await slack.waitForCall(
      'chat.update',
      (p) => p.ts === working.response?.ts && /Approved/.test(JSON.stringify(p.blocks)),
    );
    expect(JSON.stringify(approved.params.blocks)).not.toContain('review_approve');
    expect(app.child.exitCode).toBeNull();
  });

  it('keeps its schedules: slots that fall in the outage are skipped, the next ones run', async () => {
    if (!app) throw new Error('no app');
    const file = path.join(agentsDir, 'ticker.yaml');
    await writeFile(
      file,
      'channels: ["#ops"]\ninstructions: Tick.\ntriggers:\n  schedule:\n    - cron: "* * * * * *"\n      input: tick\nartifact: { type: message }\n',
    );
    try {
      const ops = 'C0OPS000001';
      await slack.waitForCall('chat.postMessage', (p) => p.channel === ops, 10_000);
      await takeDatabaseAway();
      await pollUntil(
        () => /schedule ticker#0 failed to start/.test(app?.output() ?? ''),
        10_000,
        () => 'no schedule slot failed during the outage',
      );
      await bringDatabaseBack();
      const since = slack.calls.length;
      await slack.waitForCall(
        'chat.postMessage',
        (p, call) => p.channel === ops && slack.calls.indexOf(call) >= since,
        10_000,
      );
    } finally {
      await unlink(file);
    }
    expect(app.child.exitCode).toBeNull();
  });
});
