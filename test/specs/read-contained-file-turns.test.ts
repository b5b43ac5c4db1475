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
    it(`${name} gives the event loop its turns while a caller reads file after file`, async () => {
      let turns = 0;
      let reading = true;
      const waiting = () => {
        turns += 1;
        if (reading) setImmediate(waiting);
      };
      setImmediate(waiting);
      // Reads until the event loop had three turns: one every few milliseconds of reading, so two
      // slices of reads between them. Without turns an awaited call that finished synchronously
      // yields only to promise callbacks, the immediate never runs, and the loop reads until the
      // bound (a slow machine only reads less); with a turn on every read there would be 3 reads.
      const started = performance.now();
      let reads = 0;
      while (turns < 3 && performance.now() - started < 2_000) {
        expect((await readOnce()).ok).toBe(true);
        reads += 1;
      }
      reading = false;
      expect(turns).toBeGreaterThanOrEqual(2);
      expect(reads).toBeGreaterThan(10);
    });
  }
});
