import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCommand } from '../../src/cli/prepare-command.js';
import { embeddedTemplateDir } from '../../src/db/embedded-template.js';
import { heartbeat } from '../../src/db/instances-repository.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open-database.js';
import { EMBEDDED_SHARED_BUFFERS } from '../../src/db/open-embedded.js';

const root = await mkdtemp(path.join(os.tmpdir(), 'coworker-embedded-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const templateDir = path.join(root, 'cache', 'template');

async function open(name: string) {
  return openDatabase({ dataDir: path.join(root, name), templateDir });
}

describe('new embedded databases are copies of a template', () => {
  it('makes the template in a child process the first time, and copies it: migrated, with a small buffer cache', async () => {
    const database = await open('first');
    try {
      expect(await migrateToLatest(database.db)).toEqual([]); // the copy came migrated
      const setting = await sql<{ v: string }>`select current_setting('shared_buffers') as v`.execute(database.db);
      expect(setting.rows[0]?.v).toBe(EMBEDDED_SHARED_BUFFERS);
      await heartbeat(database.db, 'first-only');
    } finally {
      await database.close();
    }
    // Built beside its place and renamed: no partial copy is left behind.
    expect(await readdir(path.dirname(templateDir))).toEqual(['template']);
    expect(await readdir(root)).toEqual(expect.arrayContaining(['cache', 'first']));
    expect((await readdir(root)).filter((name) => name.includes('partial'))).toEqual([]);
  }, 60_000);

  it('gives each new database its own copy (a write to one is not in the template or the next)', async () => {
    const database = await open('second');
    try {
      expect(await migrateToLatest(database.db)).toEqual([]);
      const rows = await database.db.selectFrom('instances').select('id').execute();
      expect(rows).toEqual([]);
    } finally {
      await database.close();
    }
    expect((await readdir(path.join(root, 'second'))).filter((name) => name.includes('partial'))).toEqual([]);
  });

  it('gives a database made before the setting a small buffer cache from its next start', async () => {
    const dir = path.join(root, 'older', 'pgdata');
    await cp(templateDir, dir, { recursive: true });
    const older = await PGlite.create(dir);
    await older.exec('alter system reset shared_buffers');
    await older.close();
    for (const expected of ['128MB', EMBEDDED_SHARED_BUFFERS]) {
      const database = await open('older');
      const setting = await sql<{ v: string }>`select current_setting('shared_buffers') as v`.execute(database.db);
      await database.close();
      expect(setting.rows[0]?.v).toBe(expected);
    }
    expect(await readFile(path.join(dir, 'postgresql.auto.conf'), 'utf8')).toContain(EMBEDDED_SHARED_BUFFERS);
  }, 60_000);

  it('is made by `coworker prepare` (npm install) in the default place, migrated', async () => {
    const lines: string[] = [];
    expect(await prepareCommand([], (line) => lines.push(line))).toBe(0);
    const template = await embeddedTemplateDir();
    expect(lines).toEqual([`The embedded database template is ready (${template}).`]);
    expect(await readdir(template)).toContain('PG_VERSION');
  }, 60_000);

  it('keeps the default template in node_modules/.cache, one per PGlite version and set of migrations', async () => {
    expect(await embeddedTemplateDir()).toMatch(/node_modules\/\.cache\/coworker\/pglite-[0-9a-f]{16}$/);
  });
});
