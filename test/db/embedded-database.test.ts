import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../src/db/open-database.js';
import type { Database } from '../../src/db/schema.js';

// The embedded database on its thread, as the app opens it (whichever database the suite runs on).
describe('the embedded database on its own thread', () => {
  let dir: string;
  let database: OpenDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-embedded-'));
    database = await openDatabase({ dataDir: dir });
    db = database.db;
    await sql`create table probe (id int primary key, note text)`.execute(db);
  });
  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers statements sent at once, each with its own result, in the order sent', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2 === 0
          ? sql`insert into probe (id, note) values (${i}, ${`n${i}`})`.execute(db).then(() => 'inserted')
          : sql<{ n: number }>`select count(*)::int as n from probe`.execute(db).then((r) => r.rows[0]?.n),
      ),
    );
    // Each count sees exactly the inserts sent before it.
    expect(results.filter((_, i) => i % 2 === 1)).toEqual(Array.from({ length: 25 }, (_, k) => k + 1));
    await sql`delete from probe`.execute(db);
  });

  it('keeps a statement sent during a transaction out of it: a rollback does not undo it', async () => {
    let outside: Promise<unknown> | undefined;
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into probe (id, note) values (1, 'in the transaction')`.execute(trx);
        outside = sql`insert into probe (id, note) values (2, 'outside')`.execute(db);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { rows } = await sql<{ id: number }>`select id from probe order by id`.execute(trx);
        expect(rows.map((r) => r.id)).toEqual([1]); // the outside insert waits for the transaction
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await outside;
    const { rows } = await sql<{ id: number; note: string }>`select id, note from probe order by id`.execute(db);
    expect(rows).toEqual([{ id: 2, note: 'outside' }]);
    await sql`delete from probe`.execute(db);
  });

  it("reports the database's errors with PostgreSQL's fields, and goes on answering", async () => {
    await sql`insert into probe (id) values (7)`.execute(db);
    const error = await sql`insert into probe (id) values (7)`.execute(db).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: '23505', constraint: 'probe_pkey' });
    expect((error as Error).message).toMatch(/duplicate key value violates unique constraint "probe_pkey"/);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from probe`.execute(db);
    expect(rows[0]?.n).toBe(1);
  });

  it('returns dates, JSON and numbers as PostgreSQL typed them', async () => {
    const { rows } = await sql<{ at: Date; doc: unknown; n: number }>`select
      '2026-12-02T10:00:00Z'::timestamptz as at, '{"a":[1,2]}'::jsonb as doc, 42::int as n`.execute(db);
    expect(rows[0]).toEqual({ at: new Date('2026-12-02T10:00:00Z'), doc: { a: [1, 2] }, n: 42 });
  });

  it('refuses statements once closed, with a message that says so', async () => {
    const other = await mkdtemp(path.join(os.tmpdir(), 'coworker-embedded-'));
    try {
      const closing = await openDatabase({ dataDir: other });
      await closing.close();
      await expect(sql`select 1`.execute(closing.db)).rejects.toThrow(/closed/);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });
});
