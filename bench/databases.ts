/**
 * Where the bench keeps Coworker's data: new embedded (PGlite) folders, or new databases on a
 * PostgreSQL server (DATABASE_URL's, or the local one), each made for this bench run and
 * removed at its end. The database a URL names is only used to connect; nothing is written there.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface BenchDatabases {
  kind: 'pglite' | 'postgres';
  /** `PGlite` or `PostgreSQL`, for the table. */
  label: string;
  /** The environment pointing Coworker at a new, empty database (COWORKER_DATA_DIR or DATABASE_URL). */
  fresh(): Promise<Record<string, string>>;
  /** Removes every database `fresh` made. */
  cleanup(): Promise<void>;
}

export function pgliteDatabases(): BenchDatabases {
  const dirs: string[] = [];
  return {
    kind: 'pglite',
    label: 'PGlite',
    fresh: async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-db-'));
      dirs.push(dir);
      return { COWORKER_DATA_DIR: dir };
    },
    cleanup: async () => {
      for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** New databases on the server `adminUrl` reaches; `adminUrl` itself is only connected to. */
export function postgresDatabases(adminUrl: string): BenchDatabases {
  const prefix = `coworker_bench_${randomBytes(4).toString('hex')}`;
  const names: string[] = [];
  return {
    kind: 'postgres',
    label: 'PostgreSQL',
    fresh: async () => {
      const name = `${prefix}_${names.length + 1}`;
      await adminQuery(adminUrl, `create database ${name}`);
      names.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { DATABASE_URL: url.toString() };
    },
    cleanup: async () => {
      for (const name of names.splice(0)) await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Whether a PostgreSQL server answers at `url` within a second. */
export async function postgresAnswers(url: string): Promise<boolean> {
  try {
    await adminQuery(url, 'select 1', 1_000);
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(url: string, text: string, connectTimeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  client.on('error', () => {
    // A connection dropped after the query: nothing waits on it.
  });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
