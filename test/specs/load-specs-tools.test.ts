import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { redactSpec } from '../../src/specs/redact-spec.js';
import { problemsOf, spec } from './problems-of.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

afterEach(removeSpecDirs);

describe('loadSpecs tools:', () => {
  it('reads stdio and HTTP servers with ${VAR} filled, defaults applied (read: the annotations, write: none)', async () => {
    const dir = await writeSpecDir({
      'crm.yaml': spec(
        'tools:',
        '  crm:',
        '    command: ["node", "./mcp/crm.js"]',
        '    env: { CRM_TOKEN: "${CRM_TOKEN}" }',
        '    read: [search_nodes]',
        '    write: [update_contact]',
        '  help-docs:',
        '    url: https://mcp.example.com/mcp',
        '    headers: { Authorization: "Bearer ${DOCS_TOKEN}" }',
        'limits: { tool_calls: 3 }',
      ),
    });
    const result = await loadSpecs(dir, { CRM_TOKEN: 'crm-secret-1', DOCS_TOKEN: 'docs-secret-2' });
    expect(result.invalid).toEqual([]);
    const agent = result.agents[0];
    expect(agent?.spec.tools).toEqual({
      crm: {
        command: ['node', './mcp/crm.js'],
        env: { CRM_TOKEN: 'crm-secret-1' },
        read: ['search_nodes'],
        write: ['update_contact'],
      },
      'help-docs': {
        url: 'https://mcp.example.com/mcp',
        headers: { Authorization: 'Bearer docs-secret-2' },
        write: [],
      },
    });
    expect(agent?.spec.limits.tool_calls).toBe(3);
    // What is stored with the agent's version keeps no token.
    const stored = JSON.stringify(agent ? redactSpec(agent.spec) : {});
    expect(stored).not.toContain('secret');
    expect(stored).toContain('CRM_TOKEN');
  });

  it('reports each mistake at its line: command and url, neither, a bad server name, a tool in both lists', async () => {
    const problems = await problemsOf({
      'bad.yaml': spec(
        'tools:',
        '  both:',
        '    command: ["node", "x.js"]',
        '    url: https://x.example.com/mcp',
        '  neither:',
        '    read: [a]',
        '  Bad_Name:',
        '    command: [node]',
        '  twice:',
        '    command: [node]',
        '    read: [search, update]',
        '    write: [update]',
        '  wrong-fields:',
        '    url: ftp://x.example.com',
        '    env: { A: b }',
        'limits: { tool_calls: -1 }',
      ),
    });
    expect(problems).toEqual([
      { path: 'tools.both', line: 5, message: 'give either command or url, not both' },
      {
        path: 'tools.neither',
        line: 8,
        message: 'give either command (a program the app starts) or url (a Streamable HTTP server)',
      },
      {
        path: 'tools.Bad_Name',
        line: 10,
        message:
          '"Bad_Name" is not a valid server name: use lower-case letters, digits and single hyphens (e.g. crm, help-desk)',
      },
      {
        path: 'tools.twice.read[1]',
        line: 14,
        message: '"update" is in both read and write: a tool is either read during runs or written through review',
      },
      { path: 'tools.wrong-fields.url', line: 17, message: '"ftp://x.example.com" is not an http(s) URL' },
      { path: 'tools.wrong-fields.env', line: 18, message: 'env is for servers started with command' },
      { path: 'limits.tool_calls', line: 19, message: 'must be 0 or more' },
    ]);
  });

  it('names an unset variable in a header at its line, and never shows a secret value', async () => {
    const dir = await writeSpecDir({
      'docs.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: Do the job.',
        'artifact: { type: message }',
        'tools:',
        '  docs:',
        '    url: https://mcp.example.com/mcp',
        '    headers: { Authorization: "Bearer ${DOCS_TOKEN}" }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.invalid[0]?.problems).toEqual([
      { path: 'tools.docs.headers.Authorization', line: 7, message: 'environment variable DOCS_TOKEN is not set' },
    ]);
  });
});
