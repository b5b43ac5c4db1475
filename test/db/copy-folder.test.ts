import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFolder } from '../../src/db/copy-folder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-copy-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(root: string): Promise<Record<string, string | null>> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const out: Record<string, string | null> = {};
  for (const e of entries) {
    const full = path.join(e.parentPath, e.name);
    out[path.relative(root, full)] = e.isFile() ? (await readFile(full)).toString('base64') : null;
  }
  return out;
}

describe('copyFolder', () => {
  it('copies every file byte for byte and every folder, empty ones and deep ones included', async () => {
    const from = path.join(dir, 'from');
    await mkdir(path.join(from, 'base', '1'), { recursive: true });
    await mkdir(path.join(from, 'pg_tblspc'));
    await writeFile(path.join(from, 'PG_VERSION'), '17\n');
    await writeFile(path.join(from, 'base', '1', 'big'), Buffer.alloc(3 * 1024 * 1024, 7));
    for (let i = 0; i < 40; i++) await writeFile(path.join(from, 'base', `f${i}`), `file ${i}`);

    await copyFolder(from, path.join(dir, 'to'));

    const copied = await tree(path.join(dir, 'to'));
    expect(copied).toEqual(await tree(from));
    expect(Object.keys(copied)).toContain('pg_tblspc');
    expect(Object.keys(copied)).toHaveLength(45);
  });

  it('refuses a symlink inside, and a target that exists', async () => {
    const from = path.join(dir, 'from');
    await mkdir(from);
    await writeFile(path.join(from, 'a'), 'a');
    await mkdir(path.join(dir, 'taken'));
    await expect(copyFolder(from, path.join(dir, 'taken'))).rejects.toMatchObject({ code: 'EEXIST' });

    await symlink(path.join(from, 'a'), path.join(from, 'link'));
    await expect(copyFolder(from, path.join(dir, 'to'))).rejects.toThrow(/link is neither a file nor a folder/);
  });
});
