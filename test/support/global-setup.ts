import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';
import { POSTGRES_ADMIN_URL, postgresUrl, type DatabaseTemplate } from './database-template.js';

/**
 * Migrates one template database for the whole run: a PGlite data-dir dump, or (with
 * COWORKER_TEST_DATABASE=postgres) a PostgreSQL template database. Test files copy it instead
 * of running initdb and migrations each time.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.COWORKER_TEST_DATABASE !== 'postgres') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-template-'));
    const pglite = await PGlite.create();
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    await migrateToLatest(db);
    const dump = await pglite.dumpDataDir('none');
    const file = path.join(dir, 'template.tar');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    await db.destroy();
    const template: DatabaseTemplate = { kind: 'pglite', file };
    project.provide('databaseTemplate', template);
    return () => rm(dir, { recursive: true, force: true });
  }
  const name = `coworker_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: postgresUrl(name) }) }) });
  await migrateToLatest(db);
  await db.destroy();
  const template: DatabaseTemplate = { kind: 'postgres', name };
  project.provide('databaseTemplate', template);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
