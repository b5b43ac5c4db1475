import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_CONTEXT_FILE_BYTES, readContextFiles } from '../../src/runs/read-context-files.js';

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
    expect(await readContextFiles(spec, ['context/policy.md'])).toEqual([{ path: 'context/policy.md', text: 'Refunds: 30 days.' }]);
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
});
