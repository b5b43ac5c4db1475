import type { Kysely, Transaction } from 'kysely';
import type { Database, FactCheckResult, FactCheckRow, FactVersionRow } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A fact's content as `storeFactVersions` is given it. */
export interface FactContent {
  id: string;
  hash: string;
  title: string;
  owner: string;
  verifyEveryMs: number;
  body: string;
}

/** The version the database gave a fact's current content, and when it was first seen. */
export interface StoredFactVersion {
  version: number;
  versionAt: Date;
}

/**
 * Gives each fact's content its version: the newest stored one when its hash is the same, else
 * the next number (a content seen before, changed away from and back, is a new version: its
 * change verifies it again). Safe with several replicas storing at once: a version number is
 * taken once (primary key), and the loser reads what the winner stored.
 * @returns the version of every fact given, by id
 */
export async function storeFactVersions(
  db: Db,
  facts: readonly FactContent[],
): Promise<Map<string, StoredFactVersion>> {
  const stored = new Map<string, StoredFactVersion>();
  if (facts.length === 0) return stored;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const newest = await newestVersions(
      db,
      facts.map((f) => f.id),
    );
    const changed = facts.filter((fact) => {
      const row = newest.get(fact.id);
      if (row?.hash !== fact.hash) return true;
      stored.set(fact.id, { version: row.version, versionAt: row.created_at });
      return false;
    });
    if (changed.length === 0) return stored;
    await db
      .insertInto('fact_versions')
      .values(
        changed.map((fact) => ({
          fact_id: fact.id,
          version: (newest.get(fact.id)?.version ?? 0) + 1,
          hash: fact.hash,
          title: fact.title,
          owner: fact.owner,
          verify_every_s: Math.round(fact.verifyEveryMs / 1000),
          body: fact.body,
        })),
      )
      .onConflict((oc) => oc.columns(['fact_id', 'version']).doNothing())
      .execute();
    facts = changed;
  }
  throw new Error(`the versions of ${facts.map((f) => f.id).join(', ')} kept changing while they were stored`);
}

async function newestVersions(db: Db, ids: readonly string[]): Promise<Map<string, FactVersionRow>> {
  const rows = await db
    .selectFrom('fact_versions')
    .selectAll()
    .where('fact_id', 'in', ids)
    .where(({ eb, selectFrom }) =>
      eb(
        'version',
        '=',
        selectFrom('fact_versions as newer')
          .select(({ fn }) => fn.max('newer.version').as('version'))
          .whereRef('newer.fact_id', '=', 'fact_versions.fact_id'),
      ),
    )
    .execute();
  return new Map(rows.map((row) => [row.fact_id, row]));
}

/** One version of a fact as stored (for a run's sources, an owner's card, an eval). */
export async function getFactVersion(db: Db, factId: string, version: number): Promise<FactVersionRow | undefined> {
  return db
    .selectFrom('fact_versions')
    .selectAll()
    .where('fact_id', '=', factId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** What people last said of a fact version: its newest Verify, and whether its newest word is "needs a change". */
export interface FactCheckState {
  verifiedAt?: Date;
  verifiedBy?: string;
  /** The newest word on this version was "needs a change" (a note, or a correction its owner found right). */
  needsChange?: { by: string; at: Date; note: string | null };
}

/** The checks of these fact versions, by `<id>@<version>` (absent: nobody said anything of it). */
export async function factCheckStates(
  db: Db,
  versions: readonly { id: string; version: number }[],
): Promise<Map<string, FactCheckState>> {
  const states = new Map<string, FactCheckState>();
  if (versions.length === 0) return states;
  const rows = await db
    .selectFrom('fact_checks')
    .select(['fact_id', 'version', 'result', 'note', 'user_id', 'created_at'])
    .where((eb) => eb.or(versions.map((v) => eb.and([eb('fact_id', '=', v.id), eb('version', '=', v.version)]))))
    .orderBy('created_at')
    .execute();
  for (const row of rows) {
    const key = factKey(row.fact_id, row.version);
    const state = states.get(key) ?? {};
    if (row.result === 'verified') {
      states.set(key, { verifiedAt: row.created_at, verifiedBy: row.user_id });
    } else {
      states.set(key, { ...state, needsChange: { by: row.user_id, at: row.created_at, note: row.note } });
    }
  }
  return states;
}

/** The key of a fact version in the maps this repository returns. */
export function factKey(id: string, version: number): string {
  return `${id}@${version}`;
}

/** Records a person's word on a fact version (Verify, Needs a change, a correction found right). */
export async function recordFactCheck(
  db: Db,
  check: {
    id: string;
    factId: string;
    version: number;
    result: FactCheckResult;
    userId: string;
    note?: string | null;
    correctionId?: string | null;
  },
): Promise<void> {
  await db
    .insertInto('fact_checks')
    .values({
      id: check.id,
      fact_id: check.factId,
      version: check.version,
      result: check.result,
      user_id: check.userId,
      note: check.note ?? null,
      correction_id: check.correctionId ?? null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** One recorded word on a fact (by the id it was recorded under), or undefined. */
export async function getFactCheck(db: Db, id: string): Promise<FactCheckRow | undefined> {
  return db.selectFrom('fact_checks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Records the fact versions a run was given (again: nothing changes). */
export async function recordRunFacts(
  db: Db,
  runId: string,
  facts: readonly { id: string; version: number }[],
): Promise<void> {
  if (facts.length === 0) return;
  await db
    .insertInto('run_facts')
    .values(facts.map((f) => ({ run_id: runId, fact_id: f.id, version: f.version })))
    .onConflict((oc) => oc.columns(['run_id', 'fact_id']).doNothing())
    .execute();
}

/** The fact versions a run was given, with the titles they had, by id. */
export async function factsOfRun(
  db: Db,
  runId: string,
): Promise<
  Array<{ factId: string; version: number; title: string; owner: string; verifyEveryS: number; versionAt: Date }>
> {
  const rows = await db
    .selectFrom('run_facts')
    .innerJoin('fact_versions', (join) =>
      join
        .onRef('fact_versions.fact_id', '=', 'run_facts.fact_id')
        .onRef('fact_versions.version', '=', 'run_facts.version'),
    )
    .select([
      'run_facts.fact_id',
      'run_facts.version',
      'fact_versions.title',
      'fact_versions.owner',
      'fact_versions.verify_every_s',
      'fact_versions.created_at',
    ])
    .where('run_facts.run_id', '=', runId)
    .orderBy('run_facts.fact_id')
    .execute();
  return rows.map((r) => ({
    factId: r.fact_id,
    version: r.version,
    title: r.title,
    owner: r.owner,
    verifyEveryS: r.verify_every_s,
    versionAt: r.created_at,
  }));
}

/** The fact versions each of these runs was given, with their text, by run (each run's by fact id). */
export async function factBodiesOfRuns(
  db: Db,
  runIds: readonly string[],
): Promise<Map<string, Array<{ id: string; version: number; title: string; body: string }>>> {
  const byRun = new Map<string, Array<{ id: string; version: number; title: string; body: string }>>(
    runIds.map((id) => [id, []]),
  );
  if (runIds.length === 0) return byRun;
  const rows = await db
    .selectFrom('run_facts')
    .innerJoin('fact_versions', (join) =>
      join
        .onRef('fact_versions.fact_id', '=', 'run_facts.fact_id')
        .onRef('fact_versions.version', '=', 'run_facts.version'),
    )
    .select([
      'run_facts.run_id',
      'run_facts.fact_id as id',
      'run_facts.version',
      'fact_versions.title',
      'fact_versions.body',
    ])
    .where('run_facts.run_id', 'in', runIds)
    .orderBy('run_facts.run_id')
    .orderBy('run_facts.fact_id')
    .execute();
  for (const { run_id, ...fact } of rows) byRun.get(run_id)?.push(fact);
  return byRun;
}

/** How much each fact was used since `since`: its runs, and the agents of those runs. */
export async function factUsage(db: Db, since: Date): Promise<Map<string, { runs: number; agents: string[] }>> {
  const rows = await db
    .selectFrom('run_facts')
    .innerJoin('runs', 'runs.id', 'run_facts.run_id')
    .select(['run_facts.fact_id', 'runs.agent', ({ fn }) => fn.countAll<string | number>().as('runs')])
    .where('run_facts.created_at', '>=', since)
    .groupBy(['run_facts.fact_id', 'runs.agent'])
    .orderBy('runs.agent')
    .execute();
  const usage = new Map<string, { runs: number; agents: string[] }>();
  for (const row of rows) {
    const entry = usage.get(row.fact_id) ?? { runs: 0, agents: [] };
    entry.runs += Number(row.runs);
    entry.agents.push(row.agent);
    usage.set(row.fact_id, entry);
  }
  return usage;
}
