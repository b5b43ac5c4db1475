import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadSpecs } from '../../src/specs/load-specs.js';
import { problemsOf, spec } from './problems-of.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

const fixtures = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));
const env = { PIPELINE_WEBHOOK_URL: 'https://hooks.example/pipeline', PIPELINE_WEBHOOK_SECRET: 'shh' };

afterEach(removeSpecDirs);

describe('loadSpecs', () => {
  it('loads the example of DESIGN.md and a minimal .yml spec, with absolute file and hash', async () => {
    const dir = path.join(fixtures, 'valid');
    const result = await loadSpecs(dir, env);
    expect(result.invalid).toEqual([]);
    expect(result.agents.map((a) => [a.spec.name, a.file])).toEqual([
      ['lead-digest', path.join(dir, 'lead-digest.yaml')],
      ['minimal', path.join(dir, 'minimal.yml')],
    ]);
    const [digest] = result.agents;
    expect(digest?.spec.on_approve).toEqual([
      { kind: 'post', channel: '#sales-pipeline' },
      { kind: 'webhook', url: 'https://hooks.example/pipeline', secret: 'shh' },
    ]);
    expect(digest?.spec.triggers.schedule[0]).toEqual({
      cron: '0 9 * * MON',
      timezone: 'Europe/Berlin',
      input: "Digest of last week's leads",
      channel: '#sales',
    });
    expect(digest?.spec.artifact).toEqual({ type: 'table', columns: ['company', 'contact', 'score', 'next_step'] });
    expect(digest?.spec.review.expires_after).toBe(172_800_000);
    const raw = await readFile(path.join(dir, 'lead-digest.yaml'), 'utf8');
    expect(digest?.hash).toBe(createHash('sha256').update(raw).digest('hex'));
  });

  it('maps every kind of schema problem to its line', async () => {
    const problems = await problemsOf({
      'lead-digest.yaml': yaml(
        '# Lead digest', //                          1
        'name: lead-digest', //                      2  (root mapping starts here)
        'channels: ["#sales"]', //                   3
        'instruction: |', //                         4  unknown key
        '  Summarise the leads.', //                 5
        'triggers:', //                              6
        '  command: 5', //                           7  wrong type
        '  schedule:', //                            8
        '    - cron: "61 * * * *"', //               9  bad cron
        '    - input: hello', //                    10  missing cron
        '  message: { match: "(oops" }', //         11  bad regex
        'artifact:', //                             12
        '  type: table', //                         13  missing columns
        'review:', //                               14
        '  expires_after: soon', //                 15  bad duration
      ),
    });
    expect(problems).toEqual([
      { path: 'instructions', line: 2, message: 'required field is missing' },
      { path: 'instruction', line: 4, message: 'unknown field (did you mean "instructions"?)' },
      { path: 'triggers.command', line: 7, message: 'expected text, got the number 5' },
      {
        path: 'triggers.schedule[0].cron',
        line: 9,
        message: '"61 * * * *" is not a valid cron expression: 61 is a invalid expression for minute',
      },
      { path: 'triggers.schedule[1].cron', line: 10, message: 'required field is missing' },
      {
        path: 'triggers.message.match',
        line: 11,
        message: '"(oops" is not a valid regular expression: Unterminated group',
      },
      { path: 'artifact.columns', line: 12, message: 'required field is missing' },
      {
        path: 'review.expires_after',
        line: 15,
        message:
          '"soon" is not a duration: write a whole number above zero and a unit s, m, h or d (e.g. 30s, 15m, 48h, 7d)',
      },
    ]);
  });

  it('reports an unknown artifact type and unknown keys in nested sections at their lines', async () => {
    const problems = await problemsOf({
      'a.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact:',
        '  type: tabel',
        'limits:',
        '  timout: 30s',
      ),
    });
    expect(problems).toEqual([
      {
        path: 'artifact.type',
        line: 4,
        message: '"tabel" is not one of message, document, table, checklist, decision, changes, actions',
      },
      { path: 'limits.timout', line: 6, message: 'unknown field (did you mean "timeout"?)' },
    ]);
  });

  it('reports a missing artifact type at the artifact line, and an empty value as such', async () => {
    const problems = await problemsOf({
      'a.yaml': yaml('channels: ["#sales"]', 'instructions:', 'artifact:', '  columns: [a]'),
    });
    expect(problems).toEqual([
      { path: 'instructions', line: 2, message: 'expected text, got an empty value' },
      {
        path: 'artifact.type',
        line: 3,
        message: 'required field is missing: one of message, document, table, checklist, decision, changes, actions',
      },
    ]);
  });

  it('reports YAML syntax errors with their line', async () => {
    const problems = await problemsOf({
      'a.yaml': yaml('channels: ["#sales"]', 'instructions: x', 'artifact:', '  type: message', ' bad: indentation'),
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '', line: 5 });
    expect(problems[0]?.message).toMatch(/^invalid YAML: /);
  });

  it('reports a duplicate key as a YAML error on its line', async () => {
    const problems = await problemsOf({ 'a.yaml': spec('channels: ["#ops"]') });
    expect(problems).toEqual([{ path: '', line: 4, message: 'invalid YAML: Map keys must be unique' }]);
  });

  it('interpolates ${VAR} from the given env, and reports a missing one with path and line', async () => {
    const dir = await writeSpecDir({
      'hook.yaml': spec(
        'on_approve:',
        '  - post: "#${CHANNEL}"',
        '  - webhook: { url: "${HOOK_URL}", secret: "${HOOK_SECRET}" }',
      ),
    });
    const ok = await loadSpecs(dir, { CHANNEL: 'pipeline', HOOK_URL: 'https://h.example/x', HOOK_SECRET: 's' });
    expect(ok.agents[0]?.spec.on_approve).toEqual([
      { kind: 'post', channel: '#pipeline' },
      { kind: 'webhook', url: 'https://h.example/x', secret: 's' },
    ]);

    const missing = await loadSpecs(dir, { CHANNEL: 'pipeline' });
    expect(missing.agents).toEqual([]);
    // Only the variable is reported, not the resulting "not an http(s) URL".
    expect(missing.invalid[0]?.problems).toEqual([
      { path: 'on_approve[1].webhook.url', line: 6, message: 'environment variable HOOK_URL is not set' },
      { path: 'on_approve[1].webhook.secret', line: 6, message: 'environment variable HOOK_SECRET is not set' },
    ]);
  });

  it('takes the name from the file, and says so when the file name is not a valid name', async () => {
    const result = await loadSpecs(
      await writeSpecDir({ 'weekly-report.yaml': spec(), 'Weekly Report.yml': spec() }),
      {},
    );
    expect(result.agents.map((a) => a.spec.name)).toEqual(['weekly-report']);
    expect(result.invalid[0]?.problems).toEqual([
      {
        path: 'name',
        message:
          'the file name "Weekly Report" is not a valid agent name: rename the file or add a name: (lower-case letters, digits and single hyphens, e.g. lead-digest)',
      },
    ]);
  });

  it('reports an empty file and a file that is not a mapping', async () => {
    const result = await loadSpecs(
      await writeSpecDir({ 'empty.yaml': '# nothing yet\n', 'list.yaml': '- a\n- b\n' }),
      {},
    );
    expect(result.invalid).toEqual([
      {
        file: expect.stringMatching(/empty\.yaml$/),
        problems: [
          { path: '', message: 'the file is empty: a spec needs at least channels, instructions and artifact.type' },
        ],
      },
      {
        file: expect.stringMatching(/list\.yaml$/),
        problems: [
          {
            path: '',
            line: 1,
            message:
              'a spec is a mapping of fields (channels:, instructions:, artifact:, ...), not a list or a single value',
          },
        ],
      },
    ]);
  });

  it('reads only *.yaml and *.yml directly in the folder, in file-name order', async () => {
    const dir = await writeSpecDir({
      'b.yml': spec(),
      'a.yaml': spec(),
      'c.yaml.bak': 'not: [valid',
      'notes.md': '# notes',
      '.hidden.yaml': 'not: [valid',
      'nested/d.yaml': spec(),
    });
    await mkdir(path.join(dir, 'folder.yaml'));
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a', 'b']);
    expect(result.invalid).toEqual([]);
  });

  it('reports a missing folder as one problem and no agents', async () => {
    const dir = path.join(await writeSpecDir({}), 'agents');
    expect(await loadSpecs(dir, {})).toEqual({
      agents: [],
      invalid: [{ file: dir, problems: [{ path: '', message: 'the agents folder does not exist' }] }],
      warnings: [],
    });
  });

  it('reports a folder path that is a file', async () => {
    const file = path.join(await writeSpecDir({ 'a.yaml': spec() }), 'a.yaml');
    expect((await loadSpecs(file, {})).invalid).toEqual([
      { file, problems: [{ path: '', message: 'the agents folder is not a folder' }] },
    ]);
  });
});

describe('formatProblem', () => {
  it('prints file:line: path: message, relative to cwd when given', () => {
    const problem = { path: 'triggers.command', line: 12, message: 'bad' };
    expect(formatProblem('/srv/app/agents/foo.yaml', problem, '/srv/app')).toBe(
      'agents/foo.yaml:12: triggers.command: bad',
    );
    expect(formatProblem('/srv/app/agents/foo.yaml', problem)).toBe(
      '/srv/app/agents/foo.yaml:12: triggers.command: bad',
    );
  });

  it('leaves out an unknown line and an empty path', () => {
    expect(
      formatProblem('/srv/app/agents', { path: '', message: 'the agents folder does not exist' }, '/srv/app'),
    ).toBe('agents: the agents folder does not exist');
    expect(formatProblem('/srv/app/agents/a.yaml', { path: 'name', message: 'm' }, '/srv/app')).toBe(
      'agents/a.yaml: name: m',
    );
    expect(formatProblem('/srv/app/agents/a.yaml', { path: '', line: 3, message: 'm' }, '/srv/app/agents')).toBe(
      'a.yaml:3: m',
    );
  });
});
