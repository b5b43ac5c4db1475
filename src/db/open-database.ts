import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@slack/logger';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config/config.js';
import { CoworkerError } from '../errors.js';
import { createFromTemplate, embeddedTemplateDir } from './embedded-template.js';
import { openEmbedded } from './open-embedded.js';
import { pathExists } from './path-exists.js';
import { retryWhileUnavailable } from './retry-while-unavailable.js';
import type { Database } from './schema.js';

/**
 * A connection attempt gives up after this long (pg's default waits forever): a server that
 * vanished must turn into a quick "database unavailable", within Slack's 3 s to acknowledge.
 */
const CONNECT_TIMEOUT_MS = 2_000;
/** /healthz must answer even when a query hangs on a half-dead connection. */
const PING_TIMEOUT_MS = 3_000;

export interface DatabaseOptions {
  /** PostgreSQL connection string; unset means the embedded PGlite database. */
  databaseUrl?: string | undefined;
  /** Folder of the embedded database (PGlite data in `pgdata/`, the owner's lock in `app.lock`). */
  dataDir: string;
  /** Where a new embedded database is copied from; default {@link embeddedTemplateDir}. */
  templateDir?: string | undefined;
  /** How long opening PostgreSQL waits for it to answer (a server still starting); default one try. */
  waitMs?: number | undefined;
  /**
   * Told when an open connection fails while no query waits on it (PostgreSQL restarted, a
   * failover): the connection is dropped and the next query opens a new one. Default: ignored.
   */
  onConnectionError?: ((err: Error) => void) | undefined;
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
 * PostgreSQL must answer within `waitMs`; later outages never throw out of here: queries fail
 * (`database_unavailable` once wrapped) until it is back, and connections are reopened.
 * PGlite is one process's database: a lock file names the owner, and a second process gets a
 * `database_in_use` error that says how to proceed instead of corrupting the folder.
 * @throws CoworkerError `config_invalid` naming DATABASE_URL and why it cannot be used
 */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    return openPostgres(options.databaseUrl, options.waitMs ?? 0, options.onConnectionError ?? (() => {}));
  }
  return openPglite(options.dataDir, options.templateDir);
}

/**
 * The app's database as its configuration names it, waiting `databaseWaitMs` for a server still
 * starting; a connection dropped later is logged (queries fail until the database answers again).
 */
export function openConfiguredDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'timing'>,
  logger: Pick<Logger, 'warn'>,
): Promise<OpenDatabase> {
  return openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    waitMs: config.timing.databaseWaitMs,
    onConnectionError: (err) =>
      logger.warn(`a database connection failed (${err.message}); queries fail until the database answers again`),
  });
}

async function openPostgres(
  connectionString: string,
  waitMs: number,
  onConnectionError: (err: Error) => void,
): Promise<OpenDatabase> {
  // JIT off: the app's queries are short, and JIT compilation took ~85 % of the scorecard query's
  // time at 50,000 runs (its estimated cost is above jit_above_cost; docs/benchmarks.md).
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    options: '-c jit=off',
  });
  // Without listeners an EventEmitter throws its 'error': one PostgreSQL restart would end the
  // process. Each client gets one for its whole life: a checked-out client has no other (the
  // pool's is removed while it is lent out), and its error also fails the query in flight or the
  // next one, after which the pool drops it on release.
  pool.on('connect', (client) => client.on('error', onConnectionError));
  pool.on('error', () => {
    // An idle client's error, already told by the listener above; the pool dropped the client.
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let waited = false;
  try {
    await retryWhileUnavailable(() => sql`select 1`.execute(db), { waitMs, onWait: () => (waited = true) });
  } catch (err) {
    await db.destroy().catch(() => undefined);
    const tried = waited ? ` (tried for ${waitMs < 1_000 ? `${waitMs} ms` : `${Math.round(waitMs / 1_000)} s`})` : '';
    const reason = `${describeConnectError(err, connectionString)}${tried}`;
    throw new CoworkerError(
      'config_invalid',
      `DATABASE_URL (${describeTarget(connectionString)}) cannot be used: ${reason}. Check DATABASE_URL, or unset it to use the embedded database.`,
      { details: { variable: 'DATABASE_URL' }, cause: err },
    );
  }
  return { db, kind: 'postgres', ping: () => ping(db), close: () => db.destroy() };
}

/** Host, port and database of a connection string: never its user or password. */
function describeTarget(connectionString: string): string {
  const url = parseUrl(connectionString);
  if (!url) return 'unparsable';
  return `${url.hostname || 'local socket'}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}

function describeConnectError(err: unknown, connectionString: string): string {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as {
    code?: unknown;
    message?: unknown;
  };
  const host = parseUrl(connectionString)?.hostname || 'the local socket';
  switch (code) {
    case 'ECONNREFUSED':
      return 'the connection was refused (is PostgreSQL running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the host ${host} is unknown`;
    case 'ETIMEDOUT':
      return 'the server did not answer';
    default:
      return typeof message === 'string' && message !== '' ? message : String(err);
  }
}

function parseUrl(connectionString: string): URL | undefined {
  try {
    return new URL(connectionString);
  } catch {
    return undefined; // described as unparsable; pg reports what is wrong with it
  }
}

async function openPglite(dataDir: string, templateDir: string | undefined): Promise<OpenDatabase> {
  const dir = path.resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const lockFile = path.join(dir, 'app.lock');
  await acquireLock(lockFile, dir);
  try {
    const pgdata = path.join(dir, 'pgdata');
    if (!(await pathExists(pgdata))) await createFromTemplate(pgdata, templateDir ?? (await embeddedTemplateDir()));
    const { db, close } = await openEmbedded(pgdata);
    return {
      db,
      kind: 'pglite',
      ping: () => ping(db),
      close: async () => {
        await close();
        await rm(lockFile, { force: true });
      },
    };
  } catch (err) {
    await rm(lockFile, { force: true });
    throw new CoworkerError(
      'internal',
      `The embedded database in ${dir} could not be opened: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}

async function ping(db: Kysely<Database>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  const answered = sql`select 1`.execute(db).then(
    () => true,
    () => false, // the caller reports "unhealthy"; the error itself is the database's, not ours
  );
  try {
    return await Promise.race([answered, timeout]);
  } finally {
    clearTimeout(timer);
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
