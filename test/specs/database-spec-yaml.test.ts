import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseDocument } from 'yaml';
import { databaseSpecYaml, SPEC_YAML_READER } from '../../src/specs/database-spec-yaml.js';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { SpecCache, type SpecYamlStore } from '../../src/specs/spec-cache.js';
import { ROOT } from '../support/run-cli.js';
import { useTestDatabase } from '../support/test-database.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

// The real YAML library, counted: a start that finds the YAML stored must not parse it.
vi.mock('yaml', { spy: true });

const database = useTestDatabase();
afterEach(removeSpecDirs);

const files = {
  'digest.yaml': yaml(
    'channels: ["#sales"]',
    'instructions: |',
    '  Summarise ${WHAT}.',
    'triggers: { command: digest }',
    'artifact: { type: table, columns: [company, score] }',
    'on_approve:',
    '  - webhook: { url: "https://hooks.example.com/x", secret: "${HOOK_SECRET}" }',
  ),
  'broken.yaml': yaml('channels: ["#sales"]', 'instructions: Do it.', 'artifact:', '  type: poem'),
};
const env = { WHAT: 'the leads', HOOK_SECRET: 'very-secret-value' };
const parses = () => {
  const count = vi.mocked(parseDocument).mock.calls.length;
  vi.mocked(parseDocument).mockClear();
  return count;
};

describe('spec YAML remembered in the database between starts', () => {
  it('a later start parses no YAML and loads exactly what the first did, problems and their lines included', async () => {
    const dir = await writeSpecDir(files);
    const store = databaseSpecYaml(async () => database.db);
    parses();
    const cache = new SpecCache(store);
    const first = await loadSpecs(dir, env, { cache });
    await cache.settled();
    expect(parses()).toBe(2);
    // Only the usable spec is remembered: one with problems is parsed again anyway, for its lines.
    expect(await database.db.selectFrom('spec_yaml').select('hash').execute()).toHaveLength(1);
    const later = await loadSpecs(dir, env, { cache: new SpecCache(store) });
    // The valid spec needs no YAML at all; the broken one is parsed once more, for its lines.
    expect(parses()).toBe(1);
    expect(later).toEqual(first);
    expect(later.agents[0]?.spec.instructions).toBe('Summarise the leads.\n');
    expect(later.invalid[0]?.problems[0]).toMatchObject({ path: 'artifact.type', line: 4 });
  });

  it('stores the files’ own text: no ${VAR} value reaches the database', async () => {
    const dir = await writeSpecDir(files);
    const cache = new SpecCache(databaseSpecYaml(async () => database.db));
    await loadSpecs(dir, env, { cache });
    await cache.settled();
    const rows = await database.db.selectFrom('spec_yaml').select(['reader', 'value']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.reader).toBe(SPEC_YAML_READER);
      expect(row.value).not.toContain('very-secret-value');
    }
    expect(rows.map((r) => r.value).join()).toContain('${HOOK_SECRET}');
  });

  it('parses as usual when the store fails', async () => {
    const dir = await writeSpecDir(files);
    const failing: SpecYamlStore = {
      get: () => Promise.reject(new Error('database down')),
      put: () => Promise.reject(new Error('database down')),
    };
    const result = await loadSpecs(dir, env, { cache: new SpecCache(failing) });
    expect(result.agents.map((a) => a.spec.name)).toEqual(['digest']);
    expect(result.invalid).toHaveLength(1);
  });

  it('forgets the values of another reader (an older app or YAML library)', async () => {
    await database.db
      .insertInto('spec_yaml')
      .values({ hash: 'h-old', reader: 'yaml 0.1; coworker 0', value: '{}' })
      .execute();
    // A file not stored before, so that this load stores something.
    const dir = await writeSpecDir({
      'new.yaml': yaml('channels: ["#ops"]', 'instructions: New.', 'artifact: { type: message }'),
    });
    const cache = new SpecCache(databaseSpecYaml(async () => database.db));
    await loadSpecs(dir, env, { cache });
    await cache.settled();
    const readers = await database.db.selectFrom('spec_yaml').select('reader').distinct().execute();
    expect(readers.map((r) => r.reader)).toEqual([SPEC_YAML_READER]);
  });

  it('names a new reader when the way YAML is read changes', async () => {
    // readYaml in parse-spec.ts and checkYamlTree decide what a stored value means. When this
    // fails: bump `coworker N` in SPEC_YAML_READER (src/specs/database-spec-yaml.ts), then the hash here.
    const parseSpec = await readFile(path.join(ROOT, 'src/specs/parse-spec.ts'), 'utf8');
    const readYaml = parseSpec.slice(parseSpec.indexOf('function readYaml('), parseSpec.indexOf('/** Lines of a text'));
    const tree = await readFile(path.join(ROOT, 'src/specs/check-yaml-tree.ts'), 'utf8');
    const digest = createHash('sha256').update(readYaml).update(tree).digest('hex').slice(0, 16);
    expect({ reader: SPEC_YAML_READER.replace(/^yaml \S+; /, ''), digest }).toEqual({
      reader: 'coworker 1',
      digest: '942d4e93da153548',
    });
  });
});
