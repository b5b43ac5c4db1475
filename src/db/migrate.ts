import { type Kysely, Migrator, sql } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { CoworkerError } from '../errors.js';
import { isUndefinedTable } from './postgres-errors.js';
import type { Database } from './schema.js';

/**
 * Brings the schema to the latest migration. On PostgreSQL Kysely serialises concurrent
 * migrators with an advisory lock, so replicas starting together are safe.
 *
 * A database that already has exactly these migrations (every start but the first after an
 * upgrade) is told by one query: Kysely's migrator first looks its tables up in the catalogue
 * and takes its lock, ~7 statements that cost ~200 ms of a start on the embedded database.
 * Anything else (a new database, a migration to apply, one applied that this code does not know)
 * goes through the migrator, which applies or reports it.
 * @throws CoworkerError(`internal`) naming the migration that failed.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  if (await isUpToDate(db)) return [];
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error) {
    throw new CoworkerError(
      'internal',
      `Database migration ${failed?.migrationName ?? ''} failed: ${String(error instanceof Error ? error.message : error)}`,
      { cause: error },
    );
  }
  return results.map((r) => r.migrationName);
}

/** Whether the applied migrations (Kysely's `kysely_migration` table) are exactly this code's. */
async function isUpToDate(db: Kysely<Database>): Promise<boolean> {
  let applied: string[];
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = rows.map((r) => r.name);
  } catch (err) {
    if (isUndefinedTable(err)) return false; // a new database: never migrated
    throw err;
  }
  const known = Object.keys(migrations);
  return applied.length === known.length && known.every((name) => applied.includes(name));
}
