import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

afterEach(removeSpecDirs);

const agent = (...knowledge: string[]) =>
  yaml(
    'channels: ["#support"]',
    'instructions: Reply.',
    'artifact: { type: message }',
    'context:',
    '  knowledge:',
    ...knowledge.map((id) => `    - ${id}`),
  );

describe('context.knowledge', () => {
  it('accepts facts KNOWLEDGE_DIR offers and makes an unknown or unusable one a problem at its line', async () => {
    const dir = await writeSpecDir({
      'good.yaml': agent('refund-policy'),
      'unknown.yaml': agent('refund-policy', 'refund-polcy'),
      'broken.yaml': agent('price-list'),
    });
    const knowledgeDir = path.join(dir, 'knowledge');
    const result = await loadSpecs(
      dir,
      {},
      {
        knownFacts: () => ({ dir: knowledgeDir, ids: new Set(['refund-policy']), invalid: new Set(['price-list']) }),
      },
    );
    expect(result.agents.map((a) => a.spec.name)).toEqual(['good']);
    const problems = Object.fromEntries(result.invalid.map((i) => [path.basename(i.file), i.problems]));
    const folder = path.relative(process.cwd(), knowledgeDir);
    expect(problems['unknown.yaml']).toEqual([
      {
        path: 'context.knowledge[1]',
        line: 7,
        message: `there is no fact "refund-polcy": KNOWLEDGE_DIR (${folder}) has no refund-polcy.md (facts: refund-policy)`,
      },
    ]);
    expect(problems['broken.yaml']).toEqual([
      {
        path: 'context.knowledge[0]',
        line: 6,
        message: `the fact "price-list" (${folder}/price-list.md) has problems of its own: fix them first`,
      },
    ]);
  });

  it('refuses ids that cannot be file names, and a fact named twice', async () => {
    const dir = await writeSpecDir({ 'a.yaml': agent('Refund Policy'), 'b.yaml': agent('x', 'x') });
    const result = await loadSpecs(dir, {});
    const messages = result.invalid.flatMap((i) => i.problems.map((p) => p.message));
    expect(messages).toEqual([
      expect.stringContaining('"Refund Policy" is not a fact id'),
      expect.stringContaining('names a fact twice'),
    ]);
  });

  it('asks for the facts on every load, so a fact file added later makes the agent valid', async () => {
    const dir = await writeSpecDir({ 'a.yaml': agent('refund-policy') });
    const ids = new Set<string>();
    const options = { knownFacts: () => ({ dir, ids, invalid: new Set<string>() }) };
    expect((await loadSpecs(dir, {}, options)).agents).toHaveLength(0);
    ids.add('refund-policy');
    expect((await loadSpecs(dir, {}, options)).agents).toHaveLength(1);
  });
});
