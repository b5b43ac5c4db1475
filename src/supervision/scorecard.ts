import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { scorecardCounts } from '../db/scorecard-repository.js';
import type { AgentScore } from '../surfaces/app-home.js';

export type { AgentScore };

/**
 * Per-agent numbers for App Home, from three grouped queries (`scorecardCounts`), so the cost
 * does not grow with the number of agents beyond the rows themselves.
 */
export async function computeScorecard(db: Kysely<Database>, agents: readonly string[]): Promise<AgentScore[]> {
  if (agents.length === 0) return [];
  const { runs, artifacts, corrections } = await scorecardCounts(db, agents);

  const byAgent = <T extends { agent: string }>(rows: T[]) => new Map(rows.map((r) => [r.agent, r]));
  const runsOf = byAgent(runs);
  const artifactsOf = byAgent(artifacts);
  const correctionsOf = byAgent(corrections);
  return agents.map((agent) => {
    const r = runsOf.get(agent);
    const a = artifactsOf.get(agent);
    const approved = a?.approved ?? 0;
    const decided = a?.decided ?? 0;
    const cost = r?.cost === null || r?.cost === undefined ? null : Number(r.cost);
    return {
      agent,
      runs: r?.runs ?? 0,
      failures: r?.failures ?? 0,
      pending: a?.pending ?? 0,
      approved,
      decided,
      approvalRate: decided > 0 ? approved / decided : null,
      zeroTouchRate: approved > 0 ? (a?.zero_touch ?? 0) / approved : null,
      corrections: correctionsOf.get(agent)?.n ?? 0,
      costUsd: cost,
      costPerApproved: cost !== null && approved > 0 ? cost / approved : null,
      medianDecisionSeconds:
        a?.median_seconds === null || a?.median_seconds === undefined ? null : Number(a.median_seconds),
    };
  });
}
