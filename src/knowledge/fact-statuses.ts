import type { Kysely } from 'kysely';
import { openDisputeCounts } from '../db/corrections-repository.js';
import { factCheckStates, factKey } from '../db/facts-repository.js';
import type { Database } from '../db/schema.js';
import type { SourceView } from '../surfaces/sources-line.js';
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

/** Fact versions a run was given, as its review names them: title, verified when, due, disputed. */
export async function sourceViews(
  db: Kysely<Database>,
  facts: ReadonlyArray<FactVersionRef & { title: string }>,
  now = new Date(),
): Promise<SourceView[]> {
  const statuses = await factStatuses(db, facts, now);
  return facts.flatMap((fact) => {
    const status = statuses.get(factKey(fact.id, fact.version));
    return status
      ? [{ title: fact.title, verifiedAt: status.verifiedAt, due: status.due, disputed: status.disputed }]
      : [];
  });
}
