import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { validateAgents } from '../../src/cli/validate.js';
import { removeSpecDirs, writeSpecDir, yaml } from '../specs/write-spec-dir.js';

const fixtures = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));

async function run(
  agentsDir: string,
  cwd: string,
  env: Record<string, string | undefined> = {},
  models?: string[],
): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await validateAgents({
    agentsDir,
    env,
    cwd,
    write: (line) => lines.push(line),
    ...(models === undefined ? {} : { models }),
  });
  return { code, lines };
}

afterEach(removeSpecDirs);

describe('coworker validate', () => {
  it('passes with a summary when every spec is valid', async () => {
    const env = { PIPELINE_WEBHOOK_URL: 'https://h.example', PIPELINE_WEBHOOK_SECRET: 's' };
    expect(await run('valid', fixtures, env)).toEqual({ code: 0, lines: ['✓ 2 agents valid'] });
  });

  it('fails on a missing variable, printing it with file and line', async () => {
    expect(await run('valid', fixtures, { PIPELINE_WEBHOOK_URL: 'https://h.example' })).toEqual({
      code: 1,
      lines: [
        'valid/lead-digest.yaml:34: on_approve[1].webhook.secret: environment variable PIPELINE_WEBHOOK_SECRET is not set',
        '1 agent valid, 1 invalid',
      ],
    });
  });

  it('prints every problem relative to cwd, then the counts, and fails', async () => {
    expect(await run(path.join(fixtures, 'mixed'), path.join(fixtures, '..'))).toEqual({
      code: 1,
      lines: [
        'specs/mixed/typo.yaml:1: instructions: required field is missing',
        'specs/mixed/typo.yaml:2: instruction: unknown field (did you mean "instructions"?)',
        '2 agents valid, 1 invalid',
      ],
    });
  });

  it('reports every invalid file, including conflicts between agents', async () => {
    const dir = await writeSpecDir({
      'agents/a.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'agents/b.yaml': yaml(
        'channels: ["#Sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'agents/c.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'limits: { timeout: 5 minutes }',
      ),
    });
    expect(await run('agents', dir)).toEqual({
      code: 1,
      lines: [
        'agents/a.yaml:4: triggers.command: "digest" is also the command of agent "b" (b.yaml:4) in #Sales, which is switched off until the commands differ',
        'agents/b.yaml:4: triggers.command: "digest" is already the command of agent "a" (a.yaml:4) in #Sales; a command must be unique in each channel',
        'agents/c.yaml:4: limits.timeout: "5 minutes" is not a duration: write a whole number above zero and a unit s, m, h or d (e.g. 30s, 15m, 48h, 7d)',
        '1 agent valid, 2 invalid',
      ],
    });
  });

  it('catches what runs would hit: a missing context file, an unknown model, a #channel eaten as a comment', async () => {
    const body = ['instructions: x', 'artifact: { type: message }'];
    const dir = await writeSpecDir({
      'agents/files.yaml': yaml(
        'channels: ["#sales"]',
        ...body,
        'context:',
        '  files: [context/policy.md, context/gone.md]',
      ),
      'agents/context/policy.md': 'Refunds: 30 days.',
      'agents/model.yaml': yaml('channels: ["#sales"]', ...body, 'model: claude-sonnet-4.6'),
      'agents/own-model.yaml': yaml('channels: ["#sales"]', ...body, 'model: claude-next'),
      'agents/sales.yaml': yaml('channels: #sales', ...body),
    });
    expect(
      await run('agents', dir, {}, ['claude-opus-4-6', 'claude-sonnet-4-6', 'claude-haiku-4-5', 'claude-next']),
    ).toEqual({
      code: 1,
      lines: [
        'agents/files.yaml:5: context.files[1]: "context/gone.md" does not exist (context files are relative to the spec\'s folder)',
        'agents/model.yaml:4: model: "claude-sonnet-4.6" is not a known model: use one of claude-opus-4-6, claude-sonnet-4-6, claude-haiku-4-5, claude-next, or leave model out for the default (COWORKER_MODEL)',
        'agents/sales.yaml:1: channels: expected a list, got an empty value (# starts a comment in YAML: quote it, "#sales")',
        '1 agent valid, 3 invalid',
      ],
    });
  });

  it('refuses an actions agent with no write tool under tools:, at its artifact type; one write entry is enough', async () => {
    const dir = await writeSpecDir({
      'agents/no-tools.yaml': yaml('channels: ["#ops"]', 'instructions: x', 'artifact:', '  type: actions'),
      'agents/read-only.yaml': yaml(
        'channels: ["#ops"]',
        'instructions: x',
        'artifact: { type: actions }',
        'tools:',
        '  crm: { url: "https://crm.example/mcp", read: [search_contacts] }',
      ),
      'agents/writes.yaml': yaml(
        'channels: ["#ops"]',
        'instructions: x',
        'artifact: { type: actions }',
        'tools:',
        '  docs: { url: "https://docs.example/mcp" }',
        '  crm: { url: "https://crm.example/mcp", write: [update_contact] }',
      ),
    });
    const problem =
      'an actions artifact proposes calls of write tools, but no server under tools: lists one; name the tools it may propose under tools.<server>.write (e.g. write: [update_contact])';
    expect(await run('agents', dir)).toEqual({
      code: 1,
      lines: [
        `agents/no-tools.yaml:4: artifact.type: ${problem}`,
        `agents/read-only.yaml:3: artifact.type: ${problem}`,
        '1 agent valid, 2 invalid',
      ],
    });
  });

  it('fails when the folder does not exist', async () => {
    const dir = await writeSpecDir({});
    expect(await run('agents', dir)).toEqual({
      code: 1,
      lines: ['agents: the agents folder does not exist', '✗ no agents loaded from agents'],
    });
  });

  it('passes on an empty folder, saying there is nothing to check', async () => {
    const dir = await writeSpecDir({ 'agents/README.md': '# agents' });
    expect(await run('agents', dir)).toEqual({ code: 0, lines: ['No agent specs (*.yaml, *.yml) in agents'] });
  });
});

describe('coworker validate: team knowledge (KNOWLEDGE_DIR)', () => {
  const header = (owner: string, extra: string[] = []) =>
    yaml('---', 'title: Refund policy', `owner: ${owner}`, ...extra, '---');
  const spec = (...knowledge: string[]) =>
    yaml(
      'channels: ["#support"]',
      'instructions: x',
      'artifact: { type: message }',
      'context:',
      '  knowledge:',
      ...knowledge.map((k) => `    - ${k}`),
    );

  it('passes when every fact is valid and every context.knowledge id names one, counting both', async () => {
    const dir = await writeSpecDir({
      'agents/reply.yaml': spec('refund-policy'),
      'knowledge/refund-policy.md': `${header('"@support-leads"', ['verify_every: 90d'])}Refunds within 30 days.\n`,
    });
    expect(await run('agents', dir)).toEqual({ code: 0, lines: ['✓ 1 agent valid', '✓ 1 fact valid'] });
  });

  it('reports an invalid fact file with file:line and an unknown or invalid fact a spec names at its line', async () => {
    const dir = await writeSpecDir({
      'agents/reply.yaml': spec('refund-policy', 'price-list', 'sop'),
      'knowledge/refund-policy.md': `${header('"@support-leads"')}Refunds within 30 days.\n`,
      'knowledge/sop.md': `${header('bob', ['verify_every: 3 weeks'])}Do it.\n`,
    });
    // The folder as the process sees it (the CLI runs where it is started: `knowledge`).
    const shown = path.relative(process.cwd(), path.join(dir, 'knowledge'));
    expect(await run('agents', dir)).toEqual({
      code: 1,
      lines: [
        `agents/reply.yaml:7: context.knowledge[1]: there is no fact "price-list": KNOWLEDGE_DIR (${shown}) has no price-list.md (facts: refund-policy)`,
        `agents/reply.yaml:8: context.knowledge[2]: the fact "sop" (${shown}/sop.md) has problems of its own: fix them first`,
        'knowledge/sop.md:3: owner: "bob" is neither a user ID (U012ABCDEF) nor a user-group handle (@support-leads)',
        'knowledge/sop.md:4: verify_every: "3 weeks" is not a duration: write a whole number above zero and a unit s, m, h or d (e.g. 30s, 15m, 48h, 7d)',
        '0 agents valid, 1 invalid',
        '1 fact valid, 1 invalid',
      ],
    });
  });

  it('fails on an invalid fact even when no agent names it, and reads KNOWLEDGE_DIR where it is told', async () => {
    const dir = await writeSpecDir({
      'agents/reply.yaml': yaml('channels: ["#support"]', 'instructions: x', 'artifact: { type: message }'),
      'team/facts/empty.md': `${header('U0ALICE')}\n`,
    });
    const lines: string[] = [];
    const code = await validateAgents({
      agentsDir: 'agents',
      knowledgeDir: 'team/facts',
      env: {},
      cwd: dir,
      write: (line) => lines.push(line),
    });
    expect({ code, lines }).toEqual({
      code: 1,
      lines: [
        'team/facts/empty.md:4: the fact itself is missing: write it after the header',
        '1 agent valid',
        '0 facts valid, 1 invalid',
      ],
    });
  });
});
