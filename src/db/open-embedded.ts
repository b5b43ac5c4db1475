import { Kysely } from 'kysely';
import { EmbeddedClient, type EmbeddedQueries } from './embedded-client.js';
import { EmbeddedDialect } from './embedded-dialect.js';
import type { Database } from './schema.js';

/**
 * The embedded database's buffer cache, stored in its own configuration. Its files are read through
 * the operating system's cache anyway, and PostgreSQL's default (128MB) is memory the process holds
 * for good. A database made before this setting gets it at its next start.
 */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

export interface EmbeddedDatabase {
  db: Kysely<Database>;
  /** Closes the database and ends its thread. */
  close(): Promise<void>;
}

/**
 * Opens (or, for a folder that does not exist, creates) the embedded database in `pgdata`, on a
 * thread of its own (`EmbeddedClient`). PGlite's modules are loaded there, not at start-up: on
 * PostgreSQL the app never pays for them.
 */
export async function openEmbedded(pgdata: string): Promise<EmbeddedDatabase> {
  const client = await EmbeddedClient.open(pgdata);
  try {
    await keepSharedBuffersSmall(client);
  } catch (err) {
    await client.close();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new EmbeddedDialect(client) });
  return {
    db,
    // Kysely closes its driver only when it was used: a database opened and closed unused must end its thread too.
    close: async () => {
      await db.destroy();
      await client.close();
    },
  };
}

async function keepSharedBuffersSmall(client: EmbeddedQueries): Promise<void> {
  const { rows } = await client.query<{ value: string }>("select current_setting('shared_buffers') as value");
  if (rows[0]?.value !== EMBEDDED_SHARED_BUFFERS) {
    await client.query(`alter system set shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`);
  }
}
