import type { Kysely } from 'kysely';
import { openDisputeCounts } from '../db/corrections-repository.js';
import { factCheckStates, factKey } from '../db/facts-repository.js';
import type { Database } from '../db/schema.js';
import { type FactStatus, factStatus } from './fact-status.js';

/** A fact version to look up, with what its status is computed from. */
export interface FactVersionRef {
  id: string;
  version: number;
  versionAt: Date;
  verifyEveryMs: number;
}

/**
 * The status of each fact version given (verified when, due, disputed), by `factKey(id, version)`.
 * Two queries, whatever the number of facts.
 */
export async function factStatuses(
  db: Kysely<Database>,
  versions: readonly FactVersionRef[],
  now = new Date(),
): Promise<Map<string, FactStatus>> {
  if (versions.length === 0) return new Map();
  const [checks, disputes] = await Promise.all([
    factCheckStates(db, versions),
    openDisputeCounts(db, [...new Set(versions.map((v) => v.id))]),
  ]);
  return new Map(
    versions.map((v) => {
      const key = factKey(v.id, v.version);
      return [key, factStatus(v, checks.get(key), disputes.get(v.id) ?? 0, now)];
    }),
  );
}
