import type { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * The embedded database's buffer cache, stored in its own configuration. Its files are read through
 * the operating system's cache anyway, and PostgreSQL's default (128MB) is memory the process holds
 * for good. A database made before this setting gets it at its next start.
 */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

/**
 * Opens (or, for a folder that does not exist, creates) the embedded database in `pgdata`. PGlite's
 * modules are loaded here, not at start-up: on PostgreSQL the app never pays for them.
 */
export async function openEmbedded(pgdata: string): Promise<Kysely<Database>> {
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('kysely-pglite-dialect'),
  ]);
  const pglite = await PGlite.create(pgdata);
  await keepSharedBuffersSmall(pglite);
  return new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
}

async function keepSharedBuffersSmall(pglite: PGlite): Promise<void> {
  const { rows } = await pglite.query<{ value: string }>("select current_setting('shared_buffers') as value");
  if (rows[0]?.value !== EMBEDDED_SHARED_BUFFERS) {
    await pglite.exec(`alter system set shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`);
  }
}
