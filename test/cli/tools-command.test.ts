import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAnthropic, modelToolUse, promptText, startFakeAnthropic } from '../support/fake-anthropic.js';
import { cliEnv, ROOT, runCli } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const EXAMPLES = path.join(ROOT, 'agents');

let model: FakeAnthropic;
let database: TestDatabase;
let typoDir: string;

beforeAll(async () => {
  [model, database] = await Promise.all([startFakeAnthropic(), createTestDatabase()]);
  typoDir = await mkdtemp(path.join(os.tmpdir(), 'coworker-tools-cli-'));
  await writeFile(
    path.join(typoDir, 'crm-typo.yaml'),
    [
      'channels: ["#support"]',
      'instructions: x',
      'artifact: { type: message }',
      'tools:',
      '  crm:',
      // Started in this temporary folder, where no node_modules holds tsx: named by its path.
      `    command: ["node", "--import", ${JSON.stringify(import.meta.resolve('tsx'))}, ${JSON.stringify(path.join(EXAMPLES, 'mcp/crm-server.ts'))}]`,
      '    read: [search_contacts, serch_contacts]',
      '    write: [update_contact]',
      '  gone:',
      '    url: http://127.0.0.1:9/mcp',
      '',
    ].join('\n'),
  );
});
afterAll(async () => {
  await Promise.all([model?.close(), database?.cleanup()]);
  await rm(typoDir, { recursive: true, force: true });
});

function env(agentsDir: string): Record<string, string> {
  return cliEnv(agentsDir, model, database);
}

describe('coworker tools', () => {
  it("connects to the example agent's CRM and prints each tool with what the agent may do and the annotations", async () => {
    const result = await runCli(['tools', 'support-reply'], env(EXAMPLES));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('crm (stdio: node --import tsx ./mcp/crm-server.ts)');
    expect(lines.find((l) => l.includes('search_contacts'))).toMatch(
      /^ {2}read {9}search_contacts .*readOnlyHint: true/,
    );
    expect(lines.find((l) => l.includes('get_contact'))).toMatch(/^ {2}read /);
    expect(lines.find((l) => l.includes('update_contact'))).toMatch(
      /^ {2}not allowed {2}update_contact .*readOnlyHint: false/,
    );
    expect(lines.find((l) => l.includes('delete_contact'))).toMatch(/destructiveHint: true/);
  });

  it('reports names no server offers and servers it cannot reach, and exits 1', async () => {
    const result = await runCli(['tools', 'crm-typo'], env(typoDir));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^ {2}write {8}update_contact /m);
    expect(result.stdout).toMatch(
      /crm-typo\.yaml: tools\.crm\.read\[1\]: the server crm offers no tool "serch_contacts" \(it offers: search_contacts, get_contact, update_contact, add_note, delete_contact\)/,
    );
    expect(result.stdout).toMatch(
      /gone \(HTTP: http:\/\/127\.0\.0\.1:9\/mcp\)\n {2}the tool server gone could not be reached: /,
    );
  });
});

describe('coworker try with tools', () => {
  it('runs the example support-reply: looks the customer up in the example CRM, then drafts', async () => {
    model.reset();
    model.enqueue(
      modelToolUse('crm__search_contacts', { query: 'ada@analytical.example' }),
      modelToolUse('crm__get_contact', { id: 'C-1001' }),
      modelToolUse('submit_artifact', { text: 'Hi Ada, A-1041 shipped with DHL, tracking JD0142.' }),
    );
    const result = await runCli(['try', 'support-reply', 'Where is my order? — ada@analytical.example'], env(EXAMPLES));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('… looking up crm.search_contacts');
    expect(result.stdout).toContain('Hi Ada, A-1041 shipped with DHL, tracking JD0142.');
    expect(result.stdout).toContain('── looked up: crm.get_contact');
    // What the CRM said reached the model, from its data file.
    expect(promptText(model.requests[2]!)).toContain('"tracking": "JD0142"');
    expect(model.requests[0]?.body.tools?.map((t) => t.name)).toEqual([
      'crm__search_contacts',
      'crm__get_contact',
      'submit_artifact',
    ]);
  });
});
