import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshBundle } from '../../bin/fresh-bundle.js';

describe('freshBundle: bin/coworker.js runs dist/ only while it matches the sources', () => {
  let root: string;
  const builtAt = Date.parse('2026-12-01T10:00:00Z');
  const at = (iso: string) => new Date(iso);

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'coworker-bundle-'));
    await mkdir(path.join(root, 'src', 'cli'), { recursive: true });
    await mkdir(path.join(root, 'dist'));
    for (const file of ['src/cli/main.ts', 'src/a.ts', 'package-lock.json']) {
      await writeFile(path.join(root, file), '');
      await utimes(path.join(root, file), at('2026-12-01T09:00:00Z'), at('2026-12-01T09:00:00Z'));
    }
    await writeInfo({ builtAt, entry: 'main.js', inputs: ['src/cli/main.ts', 'src/a.ts', 'package-lock.json'] });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const writeInfo = (info: unknown) => writeFile(path.join(root, 'dist', 'build-info.json'), JSON.stringify(info));

  it('is the entry while every source is older than the build', () => {
    expect(freshBundle(root)).toBe(path.join(root, 'dist', 'main.js'));
  });

  it('is undefined once a source was modified at or after the build started', async () => {
    await utimes(path.join(root, 'src/a.ts'), at('2026-12-01T10:00:00Z'), at('2026-12-01T10:00:00Z'));
    expect(freshBundle(root)).toBeUndefined();
  });

  it('is undefined once the dependencies changed (a newer lockfile)', async () => {
    await utimes(path.join(root, 'package-lock.json'), at('2026-12-01T11:00:00Z'), at('2026-12-01T11:00:00Z'));
    expect(freshBundle(root)).toBeUndefined();
  });

  it('is undefined when a source that went in is gone', async () => {
    await rm(path.join(root, 'src/a.ts'));
    expect(freshBundle(root)).toBeUndefined();
  });

  it('is undefined without a build, or with a build-info it cannot read', async () => {
    await writeFile(path.join(root, 'dist', 'build-info.json'), '{not json');
    expect(freshBundle(root)).toBeUndefined();
    await writeInfo({ builtAt: 'yesterday', entry: 'main.js', inputs: [] });
    expect(freshBundle(root)).toBeUndefined();
    await rm(path.join(root, 'dist'), { recursive: true });
    expect(freshBundle(root)).toBeUndefined();
  });
});
