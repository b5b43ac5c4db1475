import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactTypeFor } from '../../src/artifacts/index.js';
import { validateAgents } from '../../src/cli/validate.js';
import { knownFactsOf, loadKnowledge } from '../../src/knowledge/load-knowledge.js';
import { readContextFiles } from '../../src/model/read-context-files.js';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { type FakeAnthropic, modelToolUse, promptText, startFakeAnthropic } from '../support/fake-anthropic.js';
import { cliEnv, ROOT, runCli } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const AGENTS = path.join(ROOT, 'agents');

describe('the example agents in agents/', () => {
  it('are valid without any environment, with readable context files and the facts in knowledge/', async () => {
    const lines: string[] = [];
    expect(await validateAgents({ agentsDir: AGENTS, env: {}, cwd: ROOT, write: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([expect.stringMatching(/^✓ \d+ agents valid$/), '✓ 3 facts valid']);
    const { agents } = await loadSpecs(AGENTS, {});
    for (const agent of agents) await readContextFiles(agent.file, agent.spec.context.files);
    expect(agents.map((a) => a.spec.name)).toEqual(
      expect.arrayContaining(['support-reply', 'weekly-update', 'invoice-check']),
    );
  });

  it('use the team knowledge: support-reply its refund policy and price list, invoice-check the payment policy', async () => {
    const knowledge = await loadKnowledge(path.join(ROOT, 'knowledge'));
    expect(knowledge.invalid).toEqual([]);
    const { agents, invalid } = await loadSpecs(AGENTS, {}, { knownFacts: () => knownFactsOf(knowledge) });
    expect(invalid).toEqual([]);
    const named = (name: string) => agents.find((a) => a.spec.name === name)?.spec.context.knowledge;
    expect(named('support-reply')).toEqual(['refund-policy', 'price-list']);
    expect(named('invoice-check')).toEqual(['payment-policy']);
    expect(knowledge.facts.find((f) => f.id === 'refund-policy')).toMatchObject({
      owner: '@support-leads',
      verifyEveryMs: 90 * 86_400_000,
    });
  });

  it('cover every artifact type', async () => {
    const { agents } = await loadSpecs(AGENTS, {});
    const types = new Set(agents.map((a) => artifactTypeFor(a.spec.artifact.type).type));
    expect([...types].sort()).toEqual(['actions', 'changes', 'checklist', 'decision', 'document', 'message', 'table']);
  });
});

describe('coworker try on the example agents and their example MCP servers', () => {
  let model: FakeAnthropic;
  let database: TestDatabase;
  beforeAll(async () => {
    [model, database] = await Promise.all([startFakeAnthropic(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([model?.close(), database?.cleanup()]);
  });
  const tryExample = (args: string[]) => runCli(['try', ...args], cliEnv(AGENTS, model, database), 60_000);

  it('crm-updates (actions, the example CRM) reads the CRM while it works and prints the proposed calls, changing nothing in the CRM', async () => {
    const data = path.join(AGENTS, 'mcp/crm-data.json');
    const before = await readFile(data, 'utf8');
    const proposal = {
      actions: [
        {
          tool: 'crm.update_contact',
          // Listed in the tool's own order (id first), as the review in Slack lists them.
          arguments: { plan: 'Enterprise', id: 'C-1001' },
          reason: 'Ada signed the Enterprise order form.',
        },
      ],
    };
    model.enqueue(modelToolUse('crm__search_contacts', { query: 'Ada' }), modelToolUse('submit_artifact', proposal));
    const result = await tryExample(['crm-updates', 'Ada Lovelace moved to the Enterprise plan']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('… looking up crm.search_contacts');
    expect(result.stdout).toContain(
      '1. crm.update_contact\n   id: C-1001\n   plan: Enterprise\n   Reason: Ada signed the Enterprise order form.\n',
    );
    expect(result.stdout).toContain('── looked up: crm.search_contacts');
    // The search result reached the model; the write tool was only described, never offered.
    const [first, second] = model.requests;
    expect(promptText(second as NonNullable<typeof second>)).toContain('ada@analytical.example');
    const offered = (first?.body.tools ?? []).map((t) => t.name);
    expect(offered).toEqual(expect.arrayContaining(['crm__search_contacts', 'crm__get_contact', 'submit_artifact']));
    expect(offered.filter((name) => /update_contact|add_note|delete_contact/.test(name))).toEqual([]);
    expect(await readFile(data, 'utf8')).toBe(before);
  });

  it('invoice-check (a PDF, the example finance system) gives the model the example invoice as a document, looks its purchase order up, and prints the decision', async () => {
    const verdict = { label: 'pay', confidence: 0.9, reasons: ['PO-2026-0412 matches line by line: EUR 744.00 net.'] };
    model.enqueue(
      modelToolUse('finance__get_purchase_order', { number: 'PO-2026-0412' }),
      modelToolUse('submit_artifact', verdict),
    );
    const result = await tryExample([
      'invoice-check',
      'New invoice from Acme',
      '--file',
      'agents/examples/acme-invoice.pdf',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('acme-invoice.pdf');
    expect(result.stdout).toContain('… looking up finance.get_purchase_order');
    expect(result.stdout).toContain('pay');
    const [first, second] = model.requests.slice(-2);
    const content = first?.body.messages?.[0]?.content;
    const blocks = Array.isArray(content) ? (content as Array<Record<string, unknown>>) : [];
    const pdf = await readFile(path.join(AGENTS, 'examples/acme-invoice.pdf'));
    expect(blocks.find((b) => b.type === 'document')).toMatchObject({
      source: { type: 'base64', media_type: 'application/pdf', data: pdf.toString('base64') },
    });
    expect((first?.body.tools ?? []).map((t) => t.name)).toEqual(
      expect.arrayContaining(['finance__find_supplier', 'finance__get_purchase_order', 'finance__find_paid_invoices']),
    );
    // The purchase order, as the example finance system holds it, reached the model.
    expect(promptText(second as NonNullable<typeof second>)).toContain('Toner cartridge TN-2420');
  });
});
