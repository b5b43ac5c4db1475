import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a spec version once per content hash, so every run can name the exact spec it used. */
export async function rememberAgentVersion(
  db: Db,
  v: { hash: string; name: string; file: string; spec: unknown },
): Promise<void> {
  await db
    .insertInto('agent_versions')
    .values({ hash: v.hash, name: v.name, file: v.file, spec: JSON.stringify(v.spec) })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}
