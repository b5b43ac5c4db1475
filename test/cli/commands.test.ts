import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAnthropic, startFakeAnthropic } from '../support/fake-anthropic.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { cliEnv, freePort, runCli, spawnCli } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let slack: FakeSlack;
let model: FakeAnthropic;
let database: TestDatabase;
let agentsDir: string;

const SPEC = `
channels: ["#support"]
instructions: Draft a reply.
artifact:
  type: message
`;

beforeAll(async () => {
  [slack, model, database] = await Promise.all([
    startFakeSlack({ channels: [{ id: 'C0SUPPORT01', name: 'support' }] }),
    startFakeAnthropic(),
    createTestDatabase(),
  ]);
  agentsDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-cli-'));
  await writeFile(path.join(agentsDir, 'support-reply.yaml'), SPEC);
  await writeFile(
    path.join(agentsDir, 'broken.yaml'),
    'channels: ["#support"]\ninstructions: x\nartifact:\n  type: tabel\n',
  );
});
afterAll(async () => {
  await Promise.all([slack?.close(), model?.close(), database?.cleanup()]);
  await rm(agentsDir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return cliEnv(agentsDir, model, database, extra);
}

describe('coworker (the bin)', () => {
  it('validate prints file:line: field: problem and exits 1', async () => {
    const result = await runCli(['validate'], env());
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/broken\.yaml:4: artifact\.type: .*tabel/);
    expect(result.stdout).toMatch(/1 agent valid, 1 invalid/);
  });

  it('start refuses to run without SLACK_BOT_TOKEN, naming it', async () => {
    const result = await runCli(['start'], env({ SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.url }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SLACK_BOT_TOKEN is not set/);
  });

  it('try runs one agent without Slack, prints it, and --json gives content and blocks', async () => {
    model.toolInput = () => ({ text: 'Dear customer, here is your answer.' });
    const plain = await runCli(['try', 'support-reply', 'Where is my order?'], env());
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('Dear customer, here is your answer.');
    expect(JSON.stringify(model.requests.at(-1)?.body.messages)).toContain('Where is my order?');

    const json = await runCli(['try', 'support-reply', 'again', '--json'], env());
    const parsed = JSON.parse(json.stdout) as { content: unknown; blocks: unknown[] };
    expect(parsed.content).toEqual({ text: 'Dear customer, here is your answer.' });
    expect(JSON.stringify(parsed.blocks)).toContain('review_approve');
    expect(slack.calls).toHaveLength(0);

    const db = await database.open();
    try {
      const runs = await db.selectFrom('runs').selectAll().where('trigger_kind', '=', 'cli').execute();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
      expect(runs[0]?.input_tokens).toBeGreaterThan(0);
    } finally {
      await db.destroy();
    }
  });

  it('try --file attaches local files as a Slack message would: a PDF as a document block, a CSV as text', async () => {
    model.toolInput = () => ({ text: 'Checked.' });
    await writeFile(path.join(agentsDir, 'invoice.pdf'), '%PDF-1.4\n%%EOF\n');
    await writeFile(path.join(agentsDir, 'order.csv'), 'sku,qty\nA-1,3\n');
    await writeFile(path.join(agentsDir, 'clip.mp4'), 'movie');
    const files = ['invoice.pdf', 'order.csv', 'clip.mp4'].flatMap((f) => ['--file', path.join(agentsDir, f)]);
    const result = await runCli(['try', 'support-reply', 'check it', ...files], env());
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(
      '── Read: invoice.pdf, order.csv · Skipped: clip.mp4 (not a PDF, image or text file)',
    );
    const content = model.requests.at(-1)?.body.messages?.[0]?.content as Array<Record<string, unknown>>;
    expect(content.find((b) => b.type === 'document')).toEqual({
      type: 'document',
      source: {
        type: 'base64',
        media_type: 'application/pdf',
        data: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64'),
      },
    });
    expect(JSON.stringify(content)).toContain('<attachment name=\\"order.csv\\" type=\\"text\\">\\nsku,qty\\nA-1,3');

    const missing = await runCli(['try', 'support-reply', 'x', '--file', 'nope.pdf'], env());
    // A flag whose value cannot be used is a usage error: exit 2.
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--file nope\.pdf could not be read \(ENOENT\)/);
  });

  it('try names an unknown agent and lists the known ones', async () => {
    const result = await runCli(['try', 'nope', 'x'], env());
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no agent called "nope".*support-reply/);
  });

  it('npm start serves /healthz, and SIGTERM stops it cleanly', async () => {
    const port = await freePort();
    const child = spawnCli(
      ['start'],
      env({ SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: slack.url, PORT: String(port) }),
    );
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const deadline = Date.now() + 20_000;
      let status = 0;
      while (Date.now() < deadline && status !== 200) {
        status = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status, output).toBe(200);

      // While the app holds the embedded database, `try` says so and how to proceed.
      if (database.kind === 'pglite') {
        const busy = await runCli(['try', 'support-reply', 'x'], env());
        expect(busy.code).toBe(1);
        expect(busy.stderr).toMatch(/in use by another Coworker process.*COWORKER_DATA_DIR/);
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
