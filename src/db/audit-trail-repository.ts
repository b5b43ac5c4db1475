import type { Kysely, Transaction } from 'kysely';
import { listToolCallsOfRuns } from './run-tool-calls-repository.js';
import type { ArtifactRow, Database, DecisionRow, Run, RunToolCallRow } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Which runs the audit trail lists: those recorded since `since`, of one agent or all, newest first. */
export interface AuditFilter {
  since: Date;
  agent?: string | undefined;
  limit: number;
}

/** One run as the audit trail shows it: the run, its newest artifact version, its tool calls, and the decisions on that version. */
export interface AuditedRun {
  run: Run;
  /** The newest version the run produced (an edit with a quorum above one makes a second); null: none. */
  artifact: ArtifactRow | null;
  /** In the order the model asked for them, refused ones included. */
  toolCalls: RunToolCallRow[];
  /** Each person's decision on `artifact`, oldest first. */
  decisions: DecisionRow[];
}

/**
 * The runs recorded since `filter.since` (of `filter.agent`, when given), newest first, at most
 * `filter.limit`, each with what the audit trail shows of it. Four queries, whatever the count.
 */
export async function listAuditTrail(db: Db, filter: AuditFilter): Promise<AuditedRun[]> {
  let runsQuery = db.selectFrom('runs').selectAll().where('created_at', '>=', filter.since);
  if (filter.agent !== undefined) runsQuery = runsQuery.where('agent', '=', filter.agent);
  const runs = await runsQuery.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
  if (runs.length === 0) return [];
  const runIds = runs.map((r) => r.id);
  const [artifacts, toolCalls] = await Promise.all([
    db
      .selectFrom('artifacts')
      .selectAll()
      .distinctOn('run_id')
      .where('run_id', 'in', runIds)
      .orderBy('run_id')
      .orderBy('version', 'desc')
      .execute(),
    listToolCallsOfRuns(db, runIds),
  ]);
  const decisions =
    artifacts.length === 0
      ? []
      : await db
          .selectFrom('decisions')
          .selectAll()
          .where(
            'artifact_id',
            'in',
            artifacts.map((a) => a.id),
          )
          .orderBy('created_at')
          .orderBy('id')
          .execute();
  const artifactOf = new Map(artifacts.map((a) => [a.run_id, a]));
  return runs.map((run) => {
    const artifact = artifactOf.get(run.id) ?? null;
    return {
      run,
      artifact,
      toolCalls: toolCalls.get(run.id) ?? [],
      decisions: artifact === null ? [] : decisions.filter((d) => d.artifact_id === artifact.id),
    };
  });
}

/**
 * The agent names the audit trail knows: every agent that has runs, and every one whose spec a
 * Coworker loaded (its versions are stored), sorted.
 */
export async function auditedAgentNames(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('runs')
    .select('agent as name')
    .union(db.selectFrom('agent_versions').select('name'))
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}
