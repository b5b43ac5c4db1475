import type { PGlite } from '@electric-sql/pglite';

/**
 * The embedded database's buffer cache, stored in its own configuration. Its files are read through
 * the operating system's cache anyway, and PostgreSQL's default (128MB) is memory the process holds
 * for good. A database made before this setting gets it at its next start.
 */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

export async function keepSharedBuffersSmall(pglite: PGlite): Promise<void> {
  const { rows } = await pglite.query<{ value: string }>("select current_setting('shared_buffers') as value");
  if (rows[0]?.value !== EMBEDDED_SHARED_BUFFERS) {
    await pglite.exec(`alter system set shared_buffers = '${EMBEDDED_SHARED_BUFFERS}'`);
  }
}
