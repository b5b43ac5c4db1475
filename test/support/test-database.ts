import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Database } from '../../src/db/schema.js';
import { POSTGRES_ADMIN_URL, postgresUrl } from './database-template.js';
import { type TestPool, testPool } from './test-pool.js';

/** A private, migrated database for one test file, copied from the suite's template. */
export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  /** Environment that points the app at this database (DATABASE_URL or COWORKER_DATA_DIR). */
  env: Record<string, string>;
  /** Opens a Kysely handle (PGlite: only while the app does not hold the folder). */
  open(): Promise<Kysely<Database>>;
  cleanup(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('databaseTemplate');
  if (template.kind === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-test-'));
    const dump = new Blob([await readFile(template.file)]);
    const seeded = await PGlite.create(path.join(dir, 'pgdata'), { loadDataDir: dump });
    await seeded.close();
    return {
      kind: 'pglite',
      env: { COWORKER_DATA_DIR: dir },
      open: async () =>
        new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create(path.join(dir, 'pgdata'))) }),
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const name = `coworker_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${template.name}`);
  const url = postgresUrl(name);
  const pools: TestPool[] = [];
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url },
    open: async () => {
      const pool = testPool(url);
      pools.push(pool);
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool: pool.pool }) });
    },
    cleanup: async () => {
      // Only once every connection of ours is really gone: `drop … with (force)` terminates the rest.
      for (const pool of pools) await pool.closed();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  client.on('error', (err) => console.warn(`test database admin connection failed: ${err.message}`));
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * Gives the calling test file a private migrated database for all its tests: registers the
 * beforeAll/afterAll hooks that copy the template, open it, and drop it. Read `.db` in tests.
 */
export function useTestDatabase(): { readonly db: Kysely<Database> } {
  let testDb: TestDatabase | undefined;
  let db: Kysely<Database> | undefined;
  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = await testDb.open();
  });
  afterAll(async () => {
    await db?.destroy();
    await testDb?.cleanup();
  });
  return {
    get db() {
      if (!db) throw new Error('useTestDatabase: the database is only open inside tests');
      return db;
    },
  };
}
