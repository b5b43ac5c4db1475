import { type Kysely, Migrator } from 'kysely';
import { migrations } from '../../migrations/index.js';
import { CoworkerError } from '../errors.js';
import type { Database } from './schema.js';

/**
 * Brings the schema to the latest migration. On PostgreSQL Kysely serialises concurrent
 * migrators with an advisory lock, so replicas starting together are safe.
 * @throws CoworkerError(`internal`) naming the migration that failed.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
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
