import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fact } from '../../src/knowledge/fact.js';
import { KnowledgeSource } from '../../src/knowledge/knowledge-source.js';
import { type FactFileCache, knownFactsOf, loadKnowledge } from '../../src/knowledge/load-knowledge.js';

const FACT = (title: string, body = 'Some fact.') => `---\ntitle: ${title}\nowner: U012ABCDEF\n---\n${body}\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-knowledge-test-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('loadKnowledge', () => {
  it('loads each .md file as a fact named by its file, and reports the others with their problems', async () => {
    await writeFile(path.join(dir, 'refund-policy.md'), FACT('Refund policy'));
    await writeFile(path.join(dir, 'price-list.md'), FACT('Price list'));
    await writeFile(path.join(dir, 'broken.md'), 'no header');
    await writeFile(path.join(dir, 'Bad Name.md'), FACT('x'));
    await writeFile(path.join(dir, 'notes.txt'), 'not a fact');
    await writeFile(path.join(dir, '.hidden.md'), 'skipped');
    await writeFile(path.join(dir, 'huge.md'), FACT('Huge', 'x'.repeat(70_000)));
    const outside = await mkdtemp(path.join(os.tmpdir(), 'coworker-outside-'));
    await writeFile(path.join(outside, 'secret.md'), FACT('Secret'));
    await symlink(path.join(outside, 'secret.md'), path.join(dir, 'secret.md'));

    const loaded = await loadKnowledge(dir);
    expect(loaded.facts.map((f) => [f.id, f.title])).toEqual([
      ['price-list', 'Price list'],
      ['refund-policy', 'Refund policy'],
    ]);
    expect(loaded.facts[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    const problems = Object.fromEntries(
      loaded.invalid.map((i) => [path.basename(i.file), i.problems.map((p) => p.message).join('; ')]),
    );
    expect(Object.keys(problems).sort()).toEqual(['Bad Name.md', 'broken.md', 'huge.md', 'secret.md']);
    expect(problems['Bad Name.md']).toMatch(/kebab-case/);
    expect(problems['huge.md']).toMatch(/at most 64 kB/);
    expect(problems['secret.md']).toMatch(/leads outside the knowledge folder/);
    expect(knownFactsOf(loaded)).toEqual({
      dir: loaded.dir,
      ids: new Set(['price-list', 'refund-policy']),
      invalid: new Set(['Bad Name', 'broken', 'huge', 'secret']),
    });
    await rm(outside, { recursive: true, force: true });
  });

  it('reads an unchanged file once with a cache, again once it changed, and forgets a removed one', async () => {
    const file = path.join(dir, 'refund-policy.md');
    await writeFile(file, FACT('Refund policy', 'Thirty days.'));
    await writeFile(path.join(dir, 'price-list.md'), FACT('Price list'));
    const cache: FactFileCache = new Map();
    const first = await loadKnowledge(dir, cache);
    const entry = cache.get(file);
    expect(entry && 'fact' in entry.result && entry.result.fact.body).toBe('Thirty days.');
    // What the cache holds is what an unchanged file yields: no second read.
    if (entry && 'fact' in entry.result) entry.result = { fact: { ...entry.result.fact, body: 'from the cache' } };
    expect((await loadKnowledge(dir, cache)).facts.find((f) => f.id === 'refund-policy')?.body).toBe('from the cache');
    await writeFile(file, FACT('Refund policy', 'Fourteen days.'));
    await rm(path.join(dir, 'price-list.md'));
    const changed = await loadKnowledge(dir, cache);
    expect(changed.facts.map((f) => f.body)).toEqual(['Fourteen days.']);
    expect([...cache.keys()]).toEqual([file]);
    expect(first.facts).toHaveLength(2);
  });

  it('finds no facts, and no problem, when the folder does not exist', async () => {
    expect(await loadKnowledge(path.join(dir, 'missing'))).toEqual({
      dir: path.join(dir, 'missing'),
      facts: [],
      invalid: [],
    });
  });

  it('reports a folder that is a file', async () => {
    await writeFile(path.join(dir, 'file'), '');
    const loaded = await loadKnowledge(path.join(dir, 'file'));
    expect(loaded.invalid[0]?.problems[0]?.message).toMatch(/the knowledge folder cannot be read/);
  });
});

describe('KnowledgeSource', () => {
  it('stores versions before the facts are used, and swaps in a changed folder on reload', async () => {
    await writeFile(path.join(dir, 'refund-policy.md'), FACT('Refund policy', 'Thirty days.'));
    const hashes: string[] = [];
    const store = async (facts: readonly Fact[]) =>
      new Map(
        facts.map((f) => {
          if (!hashes.includes(f.hash)) hashes.push(f.hash);
          return [f.id, { version: hashes.indexOf(f.hash) + 1, versionAt: new Date(0) }];
        }),
      );
    let changes = 0;
    const source = await KnowledgeSource.load(dir, store, () => {
      changes += 1;
    });
    expect(source.current().get('refund-policy')).toMatchObject({ version: 1, body: 'Thirty days.' });
    expect(await source.reload()).toBe(false);

    await writeFile(path.join(dir, 'refund-policy.md'), FACT('Refund policy', 'Fourteen days.'));
    await mkdir(path.join(dir, 'sub'));
    expect(await source.reload()).toBe(true);
    expect(changes).toBe(1);
    expect(source.current().get('refund-policy')).toMatchObject({ version: 2, body: 'Fourteen days.' });
    expect(
      source
        .current()
        .pick(['missing', 'refund-policy'])
        .map((f) => f.id),
    ).toEqual(['refund-policy']);
  });

  it('keeps the facts it had when storing a version fails, and takes the change on a later reload', async () => {
    await writeFile(path.join(dir, 'refund-policy.md'), FACT('Refund policy', 'Thirty days.'));
    let failing = false;
    const store = async (facts: readonly Fact[]) => {
      if (failing) throw new Error('database unavailable');
      return new Map(facts.map((f) => [f.id, { version: f.body.startsWith('Thirty') ? 1 : 2, versionAt: new Date() }]));
    };
    const source = await KnowledgeSource.load(dir, store);
    await writeFile(path.join(dir, 'refund-policy.md'), FACT('Refund policy', 'Fourteen days.'));
    failing = true;
    await expect(source.reload()).rejects.toThrow('database unavailable');
    expect(source.current().get('refund-policy')?.version).toBe(1);
    failing = false;
    expect(await source.reload()).toBe(true);
    expect(source.current().get('refund-policy')?.version).toBe(2);
  });
});
