import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TSX = import.meta.resolve('tsx');
const SCRIPT = fileURLToPath(new URL('./fixtures/close-while-querying.ts', import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-close-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// The database's thread keeps the process alive only while a query waits on it: a close must
// keep it alive until the thread says it closed, also when a query answered meanwhile. Otherwise
// the process ends half-way through the close (exit 13: the close never settles), as
// `coworker start` did when the bot token was refused while background writes were in flight.
describe('closing the embedded database while a statement is answered', () => {
  it('waits for the thread to close, then the process ends normally', async () => {
    const child = spawn(process.execPath, ['--import', TSX, SCRIPT, path.join(dir, 'pgdata')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect({ code, out }, err).toEqual({ code: 0, out: 'answered\nclosed\n' });
  }, 60_000);
});
