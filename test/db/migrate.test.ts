import type { KyselyPlugin } from 'kysely';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

/** Counts the statements a Kysely handle sends (the migrator's included: it runs on the handle it is given). */
function counting(): { plugin: KyselyPlugin; statements: string[] } {
  const statements: string[] = [];
  return {
    statements,
    plugin: {
      transformQuery: ({ node }) => {
        statements.push(node.kind);
        return node;
      },
      transformResult: async ({ result }) => result,
    },
  };
}

describe(`migrateToLatest on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('tells a database that has every migration with one statement, and applies nothing', async () => {
    const { plugin, statements } = counting();
    expect(await migrateToLatest(database.db.withPlugin(plugin))).toEqual([]);
    expect(statements).toEqual(['RawNode']);
  });

  it('hands a database with a migration missing to the migrator, which applies it', async () => {
    const last = Object.keys(migrations).at(-1) ?? '';
    // The newest migration undone, as a database made by the previous release would be.
    await migrations[last]?.down?.(database.db);
    await sql`delete from kysely_migration where name = ${last}`.execute(database.db);
    const { plugin, statements } = counting();
    expect(await migrateToLatest(database.db.withPlugin(plugin))).toEqual([last]);
    expect(statements.length).toBeGreaterThan(1);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('refuses a database migrated by newer code instead of taking it for up to date', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999_99999999_from_a_newer_release', '2030-01-01')`.execute(
      database.db,
    );
    await expect(migrateToLatest(database.db)).rejects.toThrow(/9999_99999999_from_a_newer_release/);
    await sql`delete from kysely_migration where name = '9999_99999999_from_a_newer_release'`.execute(database.db);
  });
});
