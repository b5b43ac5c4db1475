import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AgentVersion {
  hash: string;
  name: string;
  file: string;
  spec: unknown;
}

// Four parameters a row: well under PostgreSQL's 65,535 parameters a statement.
const ROWS_PER_INSERT = 1000;

/**
 * Stores spec versions once per content hash, so every run can name the exact spec it used:
 * one insert per thousand versions (a thousand agents start in one round trip, not a thousand).
 */
export async function rememberAgentVersions(db: Db, versions: readonly AgentVersion[]): Promise<void> {
  for (let start = 0; start < versions.length; start += ROWS_PER_INSERT) {
    const rows = versions.slice(start, start + ROWS_PER_INSERT).map((v) => ({
      hash: v.hash,
      name: v.name,
      file: v.file,
      spec: JSON.stringify(v.spec),
    }));
    await db
      .insertInto('agent_versions')
      .values(rows)
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
  }
}
