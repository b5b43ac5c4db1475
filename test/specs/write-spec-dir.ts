import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const created: string[] = [];

/** Writes `files` (name -> text) into a new temporary folder and returns its absolute path. */
export async function writeSpecDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coworker-specs-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** Removes every folder made by `writeSpecDir` (call from `afterEach`). */
export async function removeSpecDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** Joins lines into a YAML text, so tests can count lines at a glance. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
