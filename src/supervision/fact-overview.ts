import path from 'node:path';
import type { Kysely } from 'kysely';
import { factKey } from '../db/facts-repository.js';
import type { Database } from '../db/schema.js';
import { agentsByFact, recentFactUsage } from '../knowledge/fact-card-view.js';
import { factStatuses } from '../knowledge/fact-statuses.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { formatProblem } from '../specs/spec-problem.js';
import type { FactView, KnowledgeOverview } from '../surfaces/fact-view.js';

export type { FactView, KnowledgeOverview };

/** What collecting the overview reads. */
export interface FactOverviewDeps {
  db: Kysely<Database>;
  /** Absent (a caller without KNOWLEDGE_DIR): no facts. */
  knowledge?: () => KnowledgeBase;
  agents: () => AgentRegistry;
}

export interface FactOverviewOptions {
  /** Count each fact's runs of the last 30 days (`/coworker knowledge`; App Home skips the query). */
  usage: boolean;
  now?: Date;
  /** Paths are shown relative to this folder (default: the process's). */
  cwd?: string;
}

/**
 * Every fact KNOWLEDGE_DIR holds now with where its version stands (verified, due, disputed:
 * `factStatuses`), the loaded agents naming it, and, with `usage`, its runs in the last 30 days;
 * and the invalid fact files' problems as lines. Two queries, three with `usage`, whatever the
 * number of facts.
 */
export async function collectFactOverview(
  deps: FactOverviewDeps,
  options: FactOverviewOptions,
): Promise<KnowledgeOverview> {
  const now = options.now ?? new Date();
  const cwd = options.cwd ?? process.cwd();
  const base = deps.knowledge?.();
  if (!base) return { dir: '.', facts: [], problems: [] };
  const facts = base.all();
  const [statuses, usage] = await Promise.all([
    factStatuses(deps.db, facts, now),
    options.usage && facts.length > 0 ? recentFactUsage(deps.db, now) : undefined,
  ]);
  const agentsOf = agentsByFact(deps.agents());
  const views = facts.flatMap((fact): FactView[] => {
    const status = statuses.get(factKey(fact.id, fact.version));
    if (!status) return [];
    return [
      {
        id: fact.id,
        title: fact.title,
        owner: fact.owner,
        version: fact.version,
        verifiedAt: status.verifiedAt,
        ...(status.verifiedBy ? { verifiedBy: status.verifiedBy } : {}),
        dueAt: status.dueAt,
        due: status.due,
        ...(status.needsChange ? { needsChange: status.needsChange } : {}),
        openDisputes: status.openDisputes,
        agents: agentsOf.get(fact.id) ?? [],
        ...(usage ? { runs: usage.get(fact.id)?.runs ?? 0 } : {}),
      },
    ];
  });
  return {
    dir: path.relative(cwd, base.dir) || '.',
    facts: views,
    problems: base.invalid().flatMap((i) => i.problems.map((p) => formatProblem(i.file, p, cwd))),
  };
}
