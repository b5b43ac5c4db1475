import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { CoworkerError } from '../errors.js';
import type { Database } from './schema.js';

export interface DatabaseOptions {
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (PGlite data in `pgdata/`, the owner's lock in `app.lock`). */
  dataDir: string;
}

export interface OpenDatabase {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** True while the database answers a trivial query. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens PostgreSQL (DATABASE_URL) or the embedded PGlite database.
 * PGlite is one process's database: a lock file names the owner, and a second process gets a
 * `database_in_use` error that says how to proceed instead of corrupting the folder.
 */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.dataDir);
}

function openPostgres(connectionString: string): OpenDatabase {
  const pool = new pg.Pool({ connectionString, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', ping: () => ping(db), close: () => db.destroy() };
}

async function openPglite(dataDir: string): Promise<OpenDatabase> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lockFile = path.join(dir, 'app.lock');
  await acquireLock(lockFile, dir);
  try {
    const pglite = await PGlite.create(path.join(dir, 'pgdata'));
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    return {
      db,
      kind: 'pglite',
      ping: () => ping(db),
      close: async () => {
        await db.destroy();
        await rm(lockFile, { force: true });
      },
    };
  } catch (err) {
    await rm(lockFile, { force: true });
    throw new CoworkerError('internal', 'system', `The embedded database in ${dir} could not be opened: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false; // the caller reports "unhealthy"; the error itself is the database's, not ours
  }
}

async function acquireLock(lockFile: string, dir: string): Promise<void> {
  try {
    await writeFile(lockFile, String(process.pid), { flag: 'wx' });
    return;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const owner = Number.parseInt(await readFile(lockFile, 'utf8').catch(() => ''), 10);
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
    throw new CoworkerError(
      'database_in_use',
      'user',
      `The embedded database in ${dir} is in use by another Coworker process (pid ${owner}, probably \`npm start\`). ` +
        'Stop that process first, or give this command its own folder (COWORKER_DATA_DIR=./.coworker-try), ' +
        'or point both at PostgreSQL with DATABASE_URL.',
      { details: { pid: owner, dir } },
    );
  }
  // The previous owner died without cleaning up: the lock is stale, take it over.
  await writeFile(lockFile, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
