import { truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { parseSpec } from '../../src/specs/parse-spec.js';
import { problemsOf, spec } from './problems-of.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

afterEach(removeSpecDirs);

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
