import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../src/db/open-database.js';
import { CoworkerError, toCoworkerError } from '../../src/errors.js';
import { POSTGRES_ADMIN_URL, postgresUrl } from '../support/database-template.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const onPostgres = process.env.COWORKER_TEST_DATABASE === 'postgres';

async function openFailure(databaseUrl: string, waitMs: number): Promise<CoworkerError> {
  const error = await openDatabase({ databaseUrl, dataDir: 'unused', waitMs }).then(
    () => new Error('expected openDatabase to fail'),
    (err: unknown) => err,
  );
  if (error instanceof CoworkerError) return error;
  throw error;
}

describe('openDatabase at start-up', () => {
  it('waits for an unreachable DATABASE_URL, then says so in one line naming it, never its password', async () => {
    const started = Date.now();
    const error = await openFailure('postgres://postgres:hunter2@127.0.0.1:1/coworker', 400);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(error).toMatchObject({ code: 'config_invalid', category: 'user', details: { variable: 'DATABASE_URL' } });
    expect(error.message).toBe(
      'DATABASE_URL (127.0.0.1:1/coworker) cannot be used: the connection was refused (is PostgreSQL running there?) (tried for 400 ms). ' +
        'Check DATABASE_URL, or unset it to use the embedded database.',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('names an unknown host', async () => {
    const error = await openFailure('postgres://postgres@no-such-host.invalid/coworker', 200);
    expect(error.message).toMatch(
      /^DATABASE_URL \(no-such-host\.invalid\/coworker\) cannot be used: the host no-such-host\.invalid is unknown/,
    );
  });

  it.runIf(onPostgres)("stops at once, with the server's reason, when the database does not exist", async () => {
    const started = Date.now();
    const error = await openFailure(postgresUrl('coworker_no_such_database'), 5_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error.message).toMatch(
      /^DATABASE_URL \(127\.0\.0\.1:5432\/coworker_no_such_database\) cannot be used: database "coworker_no_such_database" does not exist\. Check/,
    );
  });
});

describe(`an open database on ${onPostgres ? 'PostgreSQL' : 'PGlite'}`, () => {
  let testDb: TestDatabase;
  let database: OpenDatabase;
  const connectionErrors: Error[] = [];
  beforeAll(async () => {
    testDb = await createTestDatabase();
    database = await openDatabase({
      databaseUrl: testDb.env.DATABASE_URL,
      dataDir: testDb.env.COWORKER_DATA_DIR ?? '',
      onConnectionError: (err) => connectionErrors.push(err),
    });
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.cleanup();
  });

  it('rejects a bad query as an internal error, not as an outage, and keeps answering', async () => {
    const failure = await sql`select * from no_such_table`.execute(database.db).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(toCoworkerError(failure).code).toBe('internal');
    expect(await database.ping()).toBe(true);
  });

  it.runIf(onPostgres)('runs without JIT compilation (it cost the scorecard query most of its time)', async () => {
    const { rows } = await sql<{ jit: string }>`show jit`.execute(database.db);
    expect(rows[0]?.jit).toBe('off');
  });

  it.runIf(onPostgres)(
    'survives its connections being terminated (a restart): told once per connection, the next query reconnects',
    async () => {
      // Several idle connections in the pool, as after a burst of work.
      await Promise.all(Array.from({ length: 3 }, () => sql`select pg_sleep(0.05)`.execute(database.db)));
      const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      let terminated = 0;
      try {
        const name = new URL(testDb.env.DATABASE_URL ?? '').pathname.slice(1);
        const result = await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and backend_type = 'client backend'",
          [name],
        );
        terminated = result.rowCount ?? 0;
        expect(terminated).toBeGreaterThanOrEqual(1);
      } finally {
        await admin.end();
      }
      // Each idle connection hears of its end on its own socket; until the last has, the pool may
      // still lend out one that is gone (the query in flight then fails, as after any restart).
      const deadline = Date.now() + 5_000;
      while (connectionErrors.length < terminated && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(connectionErrors).toHaveLength(terminated);
      for (const error of connectionErrors) {
        expect(error.message).toMatch(/terminating connection due to administrator command/);
      }
      expect(await database.ping()).toBe(true);
    },
  );
});
