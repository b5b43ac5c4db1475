import type { Config } from '../config/config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';

/** `coworker migrate`: applies pending migrations (the app also does so at start). */
export async function migrateCommand(config: Config, write: (line: string) => void): Promise<number> {
  const database = await openDatabase(config);
  try {
    const applied = await migrateToLatest(database.db);
    write(applied.length > 0 ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  } finally {
    await database.close();
  }
}
