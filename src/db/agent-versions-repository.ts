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

/** Which of these content hashes are stored already (a later start finds most of its agents there). */
export async function storedAgentVersions(db: Db, hashes: readonly string[]): Promise<Set<string>> {
  const stored = new Set<string>();
  for (let start = 0; start < hashes.length; start += ROWS_PER_INSERT) {
    const rows = await db
      .selectFrom('agent_versions')
      .select('hash')
      .where('hash', 'in', hashes.slice(start, start + ROWS_PER_INSERT))
      .execute();
    for (const row of rows) stored.add(row.hash);
  }
  return stored;
}

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
