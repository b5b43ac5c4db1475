import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectContainedFile, readContainedFile } from '../../src/specs/read-contained-file.js';

let root: string;
let file: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'coworker-turns-')));
  file = path.join(root, 'spec.yaml');
  await writeFile(file, 'channels: ["#ops"]\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// The reads are synchronous system calls behind async signatures: a caller's loop over many
// files (specs, context files, facts) must still let waiting requests (Slack's acks) in.
describe('reading contained files one after another', () => {
  for (const [name, readOnce] of [
    ['readContainedFile', () => readContainedFile(file, root, 1024, file)],
    ['inspectContainedFile', () => inspectContainedFile(file, root, 1024)],
  ] as const) {
    it(`${name} gives the event loop a turn within a few milliseconds of reading`, async () => {
      let turns = 0;
      const waiting = () => {
        turns += 1;
        if (performance.now() - started < 40) setImmediate(waiting);
      };
      const started = performance.now();
      setImmediate(waiting);
      let reads = 0;
      while (performance.now() - started < 40) {
        expect((await readOnce()).ok).toBe(true);
        reads += 1;
      }
      // Without turns, an awaited call that finished synchronously yields only to promise
      // callbacks: the immediate would not run once during the whole loop.
      expect(reads).toBeGreaterThan(10);
      expect(turns).toBeGreaterThanOrEqual(2);
    });
  }
});
