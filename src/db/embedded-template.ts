import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrations } from '../../migrations/index.js';
import { copyFolder } from './copy-folder.js';
import { migrateToLatest } from './migrate.js';
import { openEmbedded } from './open-embedded.js';
import { pathExists } from './path-exists.js';

/** PGlite's own folder (its package.json is not exported, so found from its entry point up). */
async function pgliteRoot(): Promise<{ dir: string; version: string }> {
  let dir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  for (;;) {
    const manifest = await readFile(path.join(dir, 'package.json'), 'utf8').catch(() => undefined);
    const parsed = manifest === undefined ? undefined : (JSON.parse(manifest) as { name?: string; version?: string });
    if (parsed?.name === '@electric-sql/pglite') return { dir, version: parsed.version ?? 'unknown' };
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the @electric-sql/pglite package folder was not found');
    dir = parent;
  }
}

/**
 * Where new embedded databases are copied from: a database created (initdb) and migrated once, in
 * `node_modules/.cache/coworker/`, one per PGlite version and set of migrations (their code). Creating a
 * database inside the app would keep initdb's memory for the life of the process (about twice a
 * later start's) and take seconds; copying the folder takes a fraction of a second.
 */
export async function embeddedTemplateDir(): Promise<string> {
  const pglite = await pgliteRoot();
  // The migrations' code, not only their names: a migration edited before it was released (or
  // in a checkout being worked on) must not be served from a template made by its older text.
  const key = createHash('sha256')
    .update(`${pglite.version}\n`)
    .update(
      Object.entries(migrations)
        .map(([name, m]) => `${name}\n${String(m.up)}\n${String(m.down)}`)
        .join('\n'),
    )
    .digest('hex');
  return path.join(pglite.dir, '..', '..', '.cache', 'coworker', `pglite-${key.slice(0, 16)}`);
}

/**
 * Creates `pgdataDir` (which must not exist) as a copy of `template`, made first when there is
 * none, in a short-lived child process so that this one never holds initdb's memory. The copy is
 * written beside it and renamed into place, so a crash never leaves half a database.
 */
export async function createFromTemplate(pgdataDir: string, template: string): Promise<void> {
  if (!(await pathExists(template))) await makeTemplateInChild(template);
  const partial = `${pgdataDir}.partial-${randomUUID()}`;
  try {
    await copyFolder(template, partial);
    await rename(partial, pgdataDir);
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/**
 * Makes the template in this process (the child's work, and `coworker prepare` at install time).
 * Built beside its final place and renamed: two processes making it at once both succeed, one
 * copy wins. Does nothing when it exists.
 */
export async function makeEmbeddedTemplate(template: string): Promise<void> {
  if (await pathExists(template)) return;
  await mkdir(path.dirname(template), { recursive: true });
  const partial = `${template}.partial-${randomUUID()}`;
  try {
    const database = await openEmbedded(partial);
    try {
      await migrateToLatest(database.db);
    } finally {
      await database.close();
    }
    await rename(partial, template).catch(async (err: unknown) => {
      if (!(await pathExists(template))) throw err; // else another process made it meanwhile
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
}

/**
 * The child is `coworker prepare <template>` (bin/coworker.js), so it runs the way this process
 * does: the bundle when it is up to date, the sources through tsx otherwise.
 */
async function coworkerBin(): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bin = path.join(dir, 'bin', 'coworker.js');
    if (await pathExists(bin)) return bin;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("bin/coworker.js was not found above the app's code");
    dir = parent;
  }
}

async function makeTemplateInChild(template: string): Promise<void> {
  const bin = await coworkerBin();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'prepare', template], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2_000);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`creating the embedded database failed (exit ${code}): ${stderr.trim()}`));
    });
  });
}
