import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT_FILE_BYTES, readContextFiles } from '../../src/model/read-context-files.js';

async function specFolder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-context-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return path.join(dir, 'agent.yaml');
}

describe('readContextFiles', () => {
  it('reads files relative to the spec, at run time', async () => {
    const spec = await specFolder({ 'context/policy.md': 'Refunds: 30 days.' });
    expect(await readContextFiles(spec, ['context/policy.md'])).toEqual([
      { path: 'context/policy.md', text: 'Refunds: 30 days.' },
    ]);
  });

  it('names a missing file and the spec that wants it', async () => {
    const spec = await specFolder({});
    await expect(readContextFiles(spec, ['context/gone.md'])).rejects.toMatchObject({
      code: 'context_file_unreadable',
      message: expect.stringMatching(/context\/gone\.md .*agent\.yaml.*ENOENT/) as unknown as string,
    });
  });

  it('refuses a file over the cap with its size, instead of cutting it silently', async () => {
    const spec = await specFolder({ 'big.md': 'x'.repeat(MAX_CONTEXT_FILE_BYTES + 1) });
    await expect(readContextFiles(spec, ['big.md'])).rejects.toMatchObject({
      code: 'context_too_large',
      message: expect.stringMatching(/big\.md is 201 kB; a context file may hold at most 200 kB/) as unknown as string,
    });
  });

  it('refuses at run time a file or folder swapped for a symlink out of the spec folder, reading nothing', async () => {
    const outside = await specFolder({ 'private.md': 'not for the model' });
    const spec = await specFolder({ 'notes.md': 'fine', 'context/a.md': 'fine' });
    const folder = path.dirname(spec);
    await rm(path.join(folder, 'notes.md'));
    await symlink('/etc/hostname', path.join(folder, 'notes.md'));
    await symlink(path.join(path.dirname(outside), 'private.md'), path.join(folder, 'private.md'));
    await rm(path.join(folder, 'context'), { recursive: true });
    await symlink('/etc', path.join(folder, 'context'));
    for (const file of ['notes.md', 'private.md', 'context/hostname']) {
      await expect(readContextFiles(spec, [file])).rejects.toMatchObject({
        code: 'context_file_unreadable',
        message: `the context file "${file}" leads outside the spec's folder through a symlink: it is not read (context.files in agent.yaml).`,
      });
    }
  });

  it('reads through a symlink that stays inside the spec folder', async () => {
    const spec = await specFolder({ 'shared/policy.md': 'Refunds: 30 days.' });
    await symlink(path.join(path.dirname(spec), 'shared', 'policy.md'), path.join(path.dirname(spec), 'policy.md'));
    expect(await readContextFiles(spec, ['policy.md'])).toEqual([{ path: 'policy.md', text: 'Refunds: 30 days.' }]);
  });

  it('refuses a folder or a pipe named as a context file', async () => {
    const spec = await specFolder({ 'dir/x.md': 'x' });
    execFileSync('mkfifo', [path.join(path.dirname(spec), 'pipe.md')]);
    for (const file of ['dir', 'pipe.md']) {
      // A pipe would block a read until someone writes to it: it is refused, not waited on.
      await expect(readContextFiles(spec, [file])).rejects.toMatchObject({
        code: 'context_file_unreadable',
        message: expect.stringContaining(`"${file}" is not a file`) as unknown as string,
      });
    }
  });
});
