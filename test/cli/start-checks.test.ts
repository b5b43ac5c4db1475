import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { healthOf, startAppProcess, waitForHealth } from '../support/app-process.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort, runCli } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/*
 * `coworker start` with the mistakes of a first run: a bot token Slack refuses, a Slack that
 * cannot be reached. The app must either wait saying why (/healthz 503) or stop with one line.
 */

let database: TestDatabase;
let agentsDir: string;
const children = new Set<ChildProcess>();
const fakes = new Set<FakeSlack>();

beforeAll(async () => {
  database = await createTestDatabase();
  agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-start-'));
  await writeFile(
    path.join(agentsDir, 'support-reply.yaml'),
    'channels: ["#support"]\ninstructions: Draft a reply.\nartifact: { type: message }\n',
  );
});
afterEach(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all([...fakes].map((fake) => fake.close()));
  fakes.clear();
});
afterAll(async () => {
  await database?.cleanup();
  await rm(agentsDir, { recursive: true, force: true });
});

function env(slackUrl: string, port?: number): Record<string, string> {
  return {
    AGENTS_DIR: agentsDir,
    SLACK_BOT_TOKEN: 'xoxb-wrong',
    SLACK_SIGNING_SECRET: 's',
    SLACK_API_URL: slackUrl,
    ANTHROPIC_API_KEY: 'test',
    ...(port === undefined ? {} : { PORT: String(port) }),
    COWORKER_STARTUP_RETRY_MS: '100',
    ...database.env,
  };
}

async function fakeSlack(options: { port?: number } = {}): Promise<FakeSlack> {
  const slack = await startFakeSlack({ channels: [{ id: 'C0SUPPORT01', name: 'support' }], ...options });
  fakes.add(slack);
  return slack;
}

describe('coworker start: the bot token is checked before the app calls itself up', () => {
  it('a token Slack refuses stops start-up with one line naming SLACK_BOT_TOKEN, no stack trace', async () => {
    const slack = await fakeSlack();
    slack.on('auth.test', () => ({ ok: false, error: 'invalid_auth' }));
    const result = await runCli(['start'], env(slack.url, await freePort()));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^coworker start: SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\)\. .*OAuth & Permissions/,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stdout).not.toMatch(/is up/);
    expect(slack.calls.filter((c) => c.method === 'auth.test')).toHaveLength(1);
  });

  it('an unreachable Slack is logged once with its URL and asked again; /healthz says 503 until it answers', async () => {
    const slackPort = await freePort();
    const slackUrl = `http://127.0.0.1:${slackPort}/api/`;
    const app = await startAppProcess(env(slackUrl), { track: children, waitForHealthy: false });
    const output = app.output;

    expect(await waitForHealth(app, 503)).toContain('Slack unreachable');
    // Several retries go by (100 ms, 200 ms, 400 ms, …) while Slack stays away: still one line.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await healthOf(app.url)).status).toBe(503);
    const unreachableLines = output()
      .split('\n')
      .filter((line) => line.includes('Slack cannot be reached'));
    expect(unreachableLines, output()).toHaveLength(1);
    expect(unreachableLines[0]).toContain(slackUrl);
    expect(unreachableLines[0]).toContain('ECONNREFUSED');
    expect(output()).not.toMatch(/is up/);

    const slack = await fakeSlack({ port: slackPort });
    await waitForHealth(app, 200);
    expect(slack.calls.some((c) => c.method === 'auth.test')).toBe(true);
    expect(output()).toMatch(/is up/);
  });

  it('a database that cannot be opened stops start-up, also while Slack is still being asked about the token', async () => {
    const closed = await freePort();
    const slackUrl = `http://127.0.0.1:${await freePort()}/api/`; // nothing listens: asked again and again
    const started = Date.now();
    const result = await runCli(['start'], {
      ...env(slackUrl, await freePort()),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/coworker`,
      COWORKER_DATABASE_WAIT_MS: '500',
    });
    // The process ends (no retry loop left behind keeps it alive), with the database's problem.
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL/);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stdout).not.toMatch(/is up/);
  });
});
