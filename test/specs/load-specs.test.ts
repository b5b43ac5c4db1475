import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, symlink, truncate } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpecProblem } from '../../src/specs/load-specs.js';
import { formatProblem, loadSpecs } from '../../src/specs/load-specs.js';
import { parseSpec } from '../../src/specs/parse-spec.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

const fixtures = fileURLToPath(new URL('../fixtures/specs/', import.meta.url));
const env = { PIPELINE_WEBHOOK_URL: 'https://hooks.example/pipeline', PIPELINE_WEBHOOK_SECRET: 'shh' };

/** A valid spec body with the given extra lines. */
function spec(...extra: string[]): string {
  return yaml('channels: ["#sales"]', 'instructions: Do the job.', 'artifact: { type: message }', ...extra);
}

/** The problems of the only invalid file of `files`. */
async function problemsOf(files: Record<string, string>): Promise<SpecProblem[]> {
  const result = await loadSpecs(await writeSpecDir(files), {});
  expect(result.invalid).toHaveLength(1);
  return result.invalid[0]?.problems ?? [];
}

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
        message: '"tabel" is not one of message, document, table, checklist, decision, changes',
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
        message: 'required field is missing: one of message, document, table, checklist, decision, changes',
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

describe('loadSpecs rules between agents', () => {
  it('makes the later of two agents with the same name invalid, keeping the first, and tells both', async () => {
    const dir = await writeSpecDir({
      'a.yaml': spec('name: digest'),
      'b.yaml': spec('name: digest'),
      'digest.yaml': spec(),
    });
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => path.basename(a.file))).toEqual(['a.yaml']);
    expect(result.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'b.yaml',
        [
          {
            path: 'name',
            line: 4,
            message: 'another agent is already named "digest" (a.yaml:4); agent names must be unique',
          },
        ],
      ],
      [
        'digest.yaml',
        [{ path: 'name', message: 'another agent is already named "digest" (a.yaml:4); agent names must be unique' }],
      ],
    ]);
    expect(result.warnings.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'a.yaml',
        [
          {
            path: 'name',
            line: 4,
            message: 'b.yaml:4 is also named "digest" and is switched off until the names differ',
          },
          {
            path: 'name',
            line: 4,
            message: 'digest.yaml is also named "digest" and is switched off until the names differ',
          },
        ],
      ],
    ]);
  });

  it('rejects a command trigger named like a subcommand on its own', async () => {
    const problems = await problemsOf({ 'a.yaml': spec('triggers:', '  command: status') });
    expect(problems).toEqual([
      {
        path: 'triggers.command',
        line: 5,
        message: '"status" is a /coworker subcommand (help, list, run, status, corrections); choose another command',
      },
    ]);
  });

  it('rejects two agents sharing a command in a common channel, comparing names normalised', async () => {
    const dir = await writeSpecDir({
      'a.yaml': yaml(
        'channels: ["#Sales", "C0123456789"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'b.yaml': yaml(
        'channels: [ops, sales]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers:',
        '  command: digest',
      ),
      'c.yaml': yaml(
        'channels: [C0123456789]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a']);
    expect(result.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'b.yaml',
        [
          {
            path: 'triggers.command',
            line: 5,
            message:
              '"digest" is already the command of agent "a" (a.yaml:4) in sales; a command must be unique in each channel',
          },
        ],
      ],
      [
        'c.yaml',
        [
          {
            path: 'triggers.command',
            line: 4,
            message:
              '"digest" is already the command of agent "a" (a.yaml:4) in C0123456789; a command must be unique in each channel',
          },
        ],
      ],
    ]);
    expect(result.warnings.map((i) => [path.basename(i.file), i.problems.map((p) => [p.line, p.message])])).toEqual([
      [
        'a.yaml',
        [
          [
            4,
            '"digest" is also the command of agent "b" (b.yaml:5) in sales, which is switched off until the commands differ',
          ],
          [
            4,
            '"digest" is also the command of agent "c" (c.yaml:4) in C0123456789, which is switched off until the commands differ',
          ],
        ],
      ],
    ]);
  });

  it('allows the same command in disjoint channels, and different commands in one channel', async () => {
    const dir = await writeSpecDir({
      'a.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'b.yaml': yaml(
        'channels: ["#ops", "C0123456789"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'c.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: summary }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.invalid).toEqual([]);
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a', 'b', 'c']);
  });

  it('compares a later agent only with the agents that were kept', async () => {
    const dir = await writeSpecDir({
      'a.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'b.yaml': yaml(
        'channels: ["#sales", "#ops"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'c.yaml': yaml(
        'channels: ["#ops"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a', 'c']);
    expect(result.invalid.map((i) => path.basename(i.file))).toEqual(['b.yaml']);
  });
});

/** `count` lines `k<i>: 1`, each an unknown field. */
function unknownKeys(count: number): string {
  return Array.from({ length: count }, (_, i) => `k${i}: 1`).join('\n');
}

describe('loadSpecs limits', () => {
  it('reports 50,000 unknown keys in bounded time: the first 50, then how many more', () => {
    const started = Date.now();
    const parsed = parseSpec(spec(unknownKeys(50_000)), { defaultName: 'big', env: {} });
    // Quadratic reporting took about 45 s here; linear takes a second or two on a loaded machine.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toHaveLength(51);
    expect(problems[0]).toEqual({ path: 'k0', line: 4, message: 'unknown field' });
    expect(problems[49]).toEqual({ path: 'k49', line: 53, message: 'unknown field' });
    expect(problems[50]).toEqual({ path: '', message: 'and 49,950 more problems' });
  });

  it('refuses a spec over 256 KB by its size, without reading it, and a 20 MB file just as fast', async () => {
    const dir = await writeSpecDir({ 'keys.yaml': spec(unknownKeys(50_000)), 'huge.yaml': '' });
    await truncate(path.join(dir, 'huge.yaml'), 20 * 1024 * 1024);
    const started = Date.now();
    const result = await loadSpecs(dir, {});
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'huge.yaml',
        [{ path: '', message: 'the file is 20480 KB; a spec file may hold at most 256 KB: it is not read' }],
      ],
      ['keys.yaml', [{ path: '', message: 'the file is 478 KB; a spec file may hold at most 256 KB: it is not read' }]],
    ]);
  });

  it('reports a file under the cap with thousands of problems in at most 51 lines', async () => {
    const problems = await problemsOf({
      'items.yaml': yaml(
        'instructions: x',
        'artifact: { type: message }',
        `channels: [${Array(50_000).fill('1').join(',')}]`,
      ),
    });
    expect(problems).toHaveLength(51);
    expect(problems[0]).toEqual({ path: 'channels[0]', line: 3, message: 'expected text, got the number 1' });
    expect(problems[50]).toEqual({ path: '', message: 'and 49,950 more problems' });
  });

  it('checks duplicate keys itself (linear), nesting depth and keys that are not text', async () => {
    expect(await problemsOf({ 'dup.yaml': spec(unknownKeys(20_000), 'k7: again') })).toEqual([
      { path: '', line: 20_004, message: 'invalid YAML: Map keys must be unique' },
    ]);
    const deep = await problemsOf({ 'deep.yaml': spec(`review: ${'['.repeat(40)}${']'.repeat(40)}`) });
    expect(deep).toEqual([
      {
        path: '',
        line: 4,
        message: 'invalid YAML: lists and mappings are nested more than 32 levels deep here; a spec needs only a few',
      },
    ]);
    expect(await problemsOf({ 'key.yaml': spec('? [a, b]', ': 1') })).toEqual([
      {
        path: '',
        line: 4,
        message: 'invalid YAML: a key must be plain text, not a list, a mapping, an alias or nothing',
      },
    ]);
  });

  it('refuses an alias bomb as YAML, not by expanding it', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i += 1)
      lines.push(`${'bcdefghi'[i]}: &${'bcdefghi'[i]} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    const problems = await problemsOf({ 'bomb.yaml': yaml(...lines) });
    expect(problems).toEqual([
      { path: '', message: 'invalid YAML: Excessive alias count indicates a resource exhaustion attack' },
    ]);
  });

  it('caps a context file list, and refuses a context file over 200 kB at its line', async () => {
    const many = await problemsOf({
      'many.yaml': spec('context:', '  files:', ...Array.from({ length: 101 }, (_, i) => `    - f${i}.md`)),
    });
    expect(many).toEqual([{ path: 'context.files', line: 5, message: 'at most 100 context files' }]);
    const big = await problemsOf({ 'big.yaml': spec('context:', '  files: [big.md]'), 'big.md': 'x'.repeat(200_001) });
    expect(big).toEqual([
      {
        path: 'context.files[0]',
        line: 5,
        message: '"big.md" is 201 kB; a context file may hold at most 200 kB: shorten it or split it',
      },
    ]);
  });
});

describe('loadSpecs paths', () => {
  it('refuses a spec that is a symlink to a file outside the folder, and loads one linking inside it', async () => {
    const outside = await writeSpecDir({ 'secret.yaml': spec() });
    const dir = await writeSpecDir({ 'shared/inner.yaml': spec() });
    await symlink(path.join(outside, 'secret.yaml'), path.join(dir, 'escape.yaml'));
    await symlink(path.join(dir, 'shared', 'inner.yaml'), path.join(dir, 'inner.yaml'));
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => [a.spec.name, a.file])).toEqual([['inner', path.join(dir, 'inner.yaml')]]);
    expect(result.invalid).toEqual([
      {
        file: path.join(dir, 'escape.yaml'),
        problems: [
          {
            path: '',
            message:
              'the file is a symlink leading outside the agents folder: it is not read (keep specs, and what they link to, inside AGENTS_DIR)',
          },
        ],
      },
    ]);
  });

  it('loads from an agents folder that is itself a symlink', async () => {
    const real = await writeSpecDir({ 'a.yaml': spec('context:', '  files: [notes.md]'), 'notes.md': 'n' });
    const links = await writeSpecDir({});
    await symlink(real, path.join(links, 'agents'));
    const result = await loadSpecs(path.join(links, 'agents'), {});
    expect(result.invalid).toEqual([]);
    expect(result.agents.map((a) => a.file)).toEqual([path.join(links, 'agents', 'a.yaml')]);
  });

  it('refuses a symlink to a pipe or a folder without blocking on it', async () => {
    const dir = await writeSpecDir({ 'folder/x': '' });
    await symlink(path.join(dir, 'folder'), path.join(dir, 'folder.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'folder', 'pipe')]);
    await symlink(path.join(dir, 'folder', 'pipe'), path.join(dir, 'pipe.yaml'));
    const refused = {
      path: '',
      message: 'not a regular file (a symlink to a folder, a pipe or a device): it is not read',
    };
    expect((await loadSpecs(dir, {})).invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      ['folder.yaml', [refused]],
      ['pipe.yaml', [refused]],
    ]);
  });

  it('makes a context file or folder symlinked out of the spec folder a problem at its line', async () => {
    const outside = await writeSpecDir({ 'private.md': 'not for the model' });
    const dir = await writeSpecDir({
      'a.yaml': spec(
        'context:',
        '  files:',
        '    - context/hostname',
        '    - notes.md',
        '    - private.md',
        '    - inside.md',
      ),
      'real.md': 'fine',
    });
    await symlink('/etc', path.join(dir, 'context'));
    await symlink('/etc/hostname', path.join(dir, 'notes.md'));
    await symlink(path.join(outside, 'private.md'), path.join(dir, 'private.md'));
    await symlink(path.join(dir, 'real.md'), path.join(dir, 'inside.md'));
    const result = await loadSpecs(dir, {});
    expect(result.agents).toEqual([]);
    const leads = (file: string) => `"${file}" leads outside the spec's folder through a symlink: it is not read`;
    expect(result.invalid[0]?.problems).toEqual([
      { path: 'context.files[0]', line: 6, message: leads('context/hostname') },
      { path: 'context.files[1]', line: 7, message: leads('notes.md') },
      { path: 'context.files[2]', line: 8, message: leads('private.md') },
    ]);
  });
});

describe('loadSpecs checks what runs would hit', () => {
  it('reports a missing context file at its line', async () => {
    const problems = await problemsOf({
      'a.yaml': spec('context:', '  files:', '    - context/here.md', '    - context/gone.md'),
      'context/here.md': 'x',
    });
    expect(problems).toEqual([
      {
        path: 'context.files[1]',
        line: 7,
        message: '"context/gone.md" does not exist (context files are relative to the spec\'s folder)',
      },
    ]);
  });

  it('reports an unreadable context file with its error code', async () => {
    const dir = await writeSpecDir({ 'a.yaml': spec('context: { files: [loop.md] }') });
    await symlink(path.join(dir, 'loop.md'), path.join(dir, 'loop.md'));
    expect((await loadSpecs(dir, {})).invalid[0]?.problems).toEqual([
      { path: 'context.files[0]', line: 4, message: '"loop.md" cannot be read (ELOOP)' },
    ]);
  });

  it('reports a model the app does not know, listing the known ones', async () => {
    const problems = await problemsOf({ 'a.yaml': spec('model: claude-sonet-4-6') });
    expect(problems).toEqual([
      {
        path: 'model',
        line: 4,
        message:
          '"claude-sonet-4-6" is not a known model: use one of claude-opus-4-6, claude-sonnet-4-6, claude-haiku-4-5, or leave model out for the default (COWORKER_MODEL)',
      },
    ]);
    const configured = await loadSpecs(
      await writeSpecDir({ 'a.yaml': spec('model: claude-future-5') }),
      {},
      { models: ['claude-haiku-4-5', 'claude-future-5'] },
    );
    expect(configured.invalid).toEqual([]);
  });

  it('says when a #channel was eaten as a YAML comment', async () => {
    const hint = '# starts a comment in YAML: quote it, "#sales"';
    const body = ['instructions: x', 'artifact: { type: message }'];
    expect(await problemsOf({ 'a.yaml': yaml('channels: #sales', ...body) })).toEqual([
      { path: 'channels', line: 1, message: `expected a list, got an empty value (${hint})` },
    ]);
    expect(await problemsOf({ 'a.yaml': yaml('channels:', '  - #sales', ...body) })).toEqual([
      { path: 'channels[0]', line: 2, message: `expected text, got an empty value (${hint})` },
    ]);
    const flow = await problemsOf({ 'a.yaml': yaml('channels: [#sales]', ...body) });
    expect(flow[0]).toEqual({
      path: '',
      line: 1,
      message: `invalid YAML: Comments must be separated from other tokens by white space characters (${hint})`,
    });
    expect(flow.slice(1).every((p) => !p.message.includes('quote it'))).toBe(true);
    const later = await problemsOf({ 'a.yaml': yaml('channels: [ops, #sales]', ...body) });
    expect(later[0]?.message).toContain(hint);
    // A real comment (after a value, or `# ` with a space) is not taken for an eaten value.
    expect(
      await problemsOf({
        'a.yaml': yaml(
          'channels: ["#sales"]  # where it works',
          'instructions:  # todo',
          'artifact: { type: message }',
        ),
      }),
    ).toEqual([{ path: 'instructions', line: 2, message: 'expected text, got an empty value' }]);
  });
});

describe('loadSpecs conflicts with agents already loaded', () => {
  const digest = (channels: string) =>
    yaml(`channels: [${channels}]`, 'instructions: x', 'artifact: { type: message }', 'triggers: { command: digest }');

  it('keeps the loaded agent and switches off a newer file that sorts before it, telling both', async () => {
    const dir = await writeSpecDir({ 'a-new.yaml': digest('"#sales"'), 'z-old.yaml': digest('"#sales"') });
    const first = await loadSpecs(dir, {});
    expect(first.agents.map((a) => a.spec.name)).toEqual(['a-new']);
    const reloaded = await loadSpecs(dir, {}, { loaded: new Set([path.join(dir, 'z-old.yaml')]) });
    expect(reloaded.agents.map((a) => a.spec.name)).toEqual(['z-old']);
    expect(reloaded.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'a-new.yaml',
        [
          {
            path: 'triggers.command',
            line: 4,
            message:
              '"digest" is already the command of agent "z-old" (z-old.yaml:4) in #sales; a command must be unique in each channel',
          },
        ],
      ],
    ]);
    expect(reloaded.warnings.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'z-old.yaml',
        [
          {
            path: 'triggers.command',
            line: 4,
            message:
              '"digest" is also the command of agent "a-new" (a-new.yaml:4) in #sales, which is switched off until the commands differ',
          },
        ],
      ],
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
