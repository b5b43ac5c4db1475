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
import { type DatabaseTemplate, POSTGRES_ADMIN_URL, postgresUrl } from './database-template.js';
import { testPool } from './test-pool.js';

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
  admin.on('error', (err) => console.warn(`template admin connection failed: ${err.message}`));
  await admin.connect();
  await admin.query(`drop database if exists ${name}`);
  await admin.query(`create database ${name}`);
  const pool = testPool(postgresUrl(name));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool.pool }) });
  await migrateToLatest(db);
  await db.destroy();
  // A template must have no connections left when test files copy it.
  await pool.closed();
  const template: DatabaseTemplate = { kind: 'postgres', name };
  project.provide('databaseTemplate', template);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
