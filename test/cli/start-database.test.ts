import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { freePort, runCli } from '../support/run-cli.js';

/* `coworker start` given a DATABASE_URL it cannot use: one line naming the variable, exit 1. */

let slack: FakeSlack;
let agentsDir: string;

beforeAll(async () => {
  slack = await startFakeSlack({ channels: [{ id: 'C0SUPPORT01', name: 'support' }] });
  agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-start-db-'));
  await writeFile(
    path.join(agentsDir, 'writer.yaml'),
    'channels: ["#support"]\ninstructions: Write.\nartifact: { type: message }\n',
  );
});
afterAll(async () => {
  await slack?.close();
  await rm(agentsDir, { recursive: true, force: true });
});

async function start(databaseUrl: string) {
  return runCli(['start'], {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slack.url,
    ANTHROPIC_API_KEY: 'test',
    AGENTS_DIR: agentsDir,
    PORT: String(await freePort()),
    DATABASE_URL: databaseUrl,
    COWORKER_DATABASE_WAIT_MS: '500',
  });
}

describe('coworker start with a DATABASE_URL it cannot use', () => {
  it('an unreachable server: retried briefly, then one line naming DATABASE_URL and why, no stack trace', async () => {
    const result = await start('postgres://postgres:hunter2@127.0.0.1:1/coworker');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'coworker start: DATABASE_URL (127.0.0.1:1/coworker) cannot be used: the connection was refused (is PostgreSQL running there?) (tried for 500 ms). ' +
        'Check DATABASE_URL, or unset it to use the embedded database.',
    ]);
    expect(result.stdout).not.toMatch(/is up/);
  });

  it('not a PostgreSQL URL: refused before anything starts', async () => {
    const result = await start('mysql://root:hunter2@127.0.0.1/coworker');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^coworker start: DATABASE_URL is invalid: .*postgres:\/\/ or postgresql:\/\//),
    ]);
    expect(result.stderr).not.toContain('hunter2');
  });
});
