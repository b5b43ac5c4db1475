import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentRegistry } from '../../src/specs/agent-registry.js';
import { parseSpecKeepingYaml } from '../../src/specs/parse-spec.js';
import { SpecSource } from '../../src/specs/spec-source.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

// The real parser, counted: a reload must not parse a file that did not change.
vi.mock('../../src/specs/parse-spec.js', { spy: true });

const valid = yaml('channels: ["#sales"]', 'instructions: Do the job.', 'artifact: { type: message }');
const digest = (channel: string) =>
  yaml(`channels: ["${channel}"]`, 'instructions: x', 'artifact: { type: message }', 'triggers: { command: digest }');

/** How often each file (by base name) was parsed since the last call. */
function parsedFiles(): string[] {
  const names = vi.mocked(parseSpecKeepingYaml).mock.calls.map(([, options]) => options.defaultName);
  vi.mocked(parseSpecKeepingYaml).mockClear();
  return names.sort();
}

beforeEach(() => vi.mocked(parseSpecKeepingYaml).mockClear());
afterEach(removeSpecDirs);

describe('SpecSource', () => {
  it('parses each file once; a reload re-parses only a changed file, and not one merely touched', async () => {
    const dir = await writeSpecDir({ 'a.yaml': valid, 'b.yaml': valid, 'broken.yaml': 'channels: [' });
    const changes: AgentRegistry[] = [];
    const source = await SpecSource.load(dir, {}, (registry) => void changes.push(registry));
    expect(parsedFiles()).toEqual(['a', 'b', 'broken']);

    expect(await source.reload()).toBe(false);
    expect(await source.reload()).toBe(false);
    expect(parsedFiles()).toEqual([]);

    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(dir, 'a.yaml'), later, later);
    expect(await source.reload()).toBe(false);
    expect(parsedFiles()).toEqual([]);

    await writeFile(path.join(dir, 'b.yaml'), valid.replace('Do the job.', 'Do another job.'));
    expect(await source.reload()).toBe(true);
    expect(parsedFiles()).toEqual(['b']);
    expect(source.current().get('b')?.spec.instructions).toBe('Do another job.');
    expect(changes).toHaveLength(1);
  });

  it('keeps the agent already loaded when a newer file takes its command, whatever the file names', async () => {
    const dir = await writeSpecDir({ 'z-old.yaml': digest('#sales') });
    const source = await SpecSource.load(dir, {});
    await writeFile(path.join(dir, 'a-new.yaml'), digest('#sales'));
    expect(await source.reload()).toBe(true);
    const registry = source.current();
    expect(registry.byCommand('digest', { id: 'C1', name: 'sales' })?.spec.name).toBe('z-old');
    expect(registry.invalid().map((i) => path.basename(i.file))).toEqual(['a-new.yaml']);
    expect(registry.warnings().map((i) => path.basename(i.file))).toEqual(['z-old.yaml']);

    // Once the old one gives the command up, the newer file works.
    await writeFile(path.join(dir, 'z-old.yaml'), digest('#ops'));
    expect(await source.reload()).toBe(true);
    expect(source.current().byCommand('digest', { id: 'C1', name: 'sales' })?.spec.name).toBe('a-new');
    expect(source.current().invalid()).toEqual([]);
  });
});
