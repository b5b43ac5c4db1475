import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factFile } from '../support/fact-file.js';
import { type FakeAnthropic, startFakeAnthropic, systemText } from '../support/fake-anthropic.js';
import { cliEnv, runCli } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let model: FakeAnthropic;
let database: TestDatabase;
let dir: string;

const POLICY = (days: number) =>
  factFile('Refund policy', '@support-leads', undefined, `Refunds are possible within ${days} days of purchase.`);

beforeAll(async () => {
  [model, database] = await Promise.all([startFakeAnthropic(), createTestDatabase()]);
  dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-try-facts-'));
  await mkdir(path.join(dir, 'agents'));
  await mkdir(path.join(dir, 'knowledge'));
  await writeFile(
    path.join(dir, 'agents/support-reply.yaml'),
    'channels: ["#support"]\ninstructions: Draft a reply.\ncontext: { knowledge: [refund-policy] }\nartifact: { type: message }\n',
  );
  await writeFile(
    path.join(dir, 'agents/lost.yaml'),
    'channels: ["#support"]\ninstructions: Draft a reply.\ncontext:\n  knowledge: [price-list]\nartifact: { type: message }\n',
  );
  await writeFile(path.join(dir, 'knowledge/refund-policy.md'), POLICY(30));
});
afterAll(async () => {
  await Promise.all([model?.close(), database?.cleanup()]);
  await rm(dir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return cliEnv(path.join(dir, 'agents'), model, database, { KNOWLEDGE_DIR: path.join(dir, 'knowledge') });
}

describe('coworker try with team knowledge', () => {
  it('gives the agent the facts it names, a changed file as a new version, and prints them as its sources', async () => {
    model.toolInput = () => ({ text: 'You can get a refund within 30 days.' });
    const first = await runCli(['try', 'support-reply', 'Can I get a refund?'], env(), 60_000);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const system = systemText(model.requests.at(-1)!);
    expect(system).toContain('<fact id="refund-policy" title="Refund policy" version="1">');
    expect(system).toContain('Refunds are possible within 30 days of purchase.');
    expect(first.stdout).toContain('── sources: Refund policy (verified today)');

    await writeFile(path.join(dir, 'knowledge/refund-policy.md'), POLICY(14));
    const json = await runCli(['try', 'support-reply', 'again', '--json'], env(), 60_000);
    expect(json.code).toBe(0);
    expect(systemText(model.requests.at(-1)!)).toContain('version="2">\nRefunds are possible within 14 days');
    const parsed = JSON.parse(json.stdout) as { blocks: unknown[] };
    expect(JSON.stringify(parsed.blocks)).toContain('Sources: Refund policy (verified today)');
  }, 90_000);

  it('refuses an agent naming a fact KNOWLEDGE_DIR does not hold, with the line', async () => {
    const requests = model.requests.length;
    const result = await runCli(['try', 'lost', 'x'], env(), 60_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/lost\.yaml:4: context\.knowledge\[0\]: there is no fact "price-list"/);
    expect(result.stderr).toMatch(/the spec of lost is invalid/);
    expect(model.requests).toHaveLength(requests);
  }, 60_000);
});
