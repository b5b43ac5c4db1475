import type { Kysely } from 'kysely';
import { factUsage } from '../db/facts-repository.js';
import type { Database } from '../db/schema.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { FactCardState, FactCardView } from '../surfaces/fact-card.js';
import type { VersionedFact } from './fact.js';

/** How far back a card counts the runs that used a fact. */
export const USAGE_WINDOW_MS = 30 * 86_400_000;

/** What a card says of a fact's use: runs in the last 30 days, by fact id. */
export type FactUsage = ReadonlyMap<string, { runs: number }>;

/** The runs of the last 30 days that used each fact (one query for all facts). */
export function recentFactUsage(db: Kysely<Database>, now: Date): Promise<FactUsage> {
  return factUsage(db, new Date(now.getTime() - USAGE_WINDOW_MS));
}

/** The agents whose spec names each fact now, by fact id (names sorted). */
export function agentsByFact(registry: AgentRegistry): Map<string, string[]> {
  const agents = new Map<string, string[]>();
  for (const agent of registry.all()) {
    for (const id of agent.spec.context.knowledge) agents.set(id, [...(agents.get(id) ?? []), agent.spec.name]);
  }
  for (const names of agents.values()) names.sort();
  return agents;
}

/** The agents whose spec names the fact now, by name. */
export function agentsUsing(registry: AgentRegistry, factId: string): string[] {
  return agentsByFact(registry).get(factId) ?? [];
}

/** The card of one verification request: the fact, the period it is about, its use, and its answer so far. Pure. */
export function factCardView(input: {
  fact: VersionedFact;
  /** When the period fell due: the last verification was `verify_every` before it. */
  dueAt: Date;
  verifiedBy?: string | undefined;
  registry: AgentRegistry;
  usage: FactUsage;
  state: FactCardState;
}): FactCardView {
  const { fact } = input;
  return {
    fact: {
      id: fact.id,
      version: fact.version,
      title: fact.title,
      owner: fact.owner,
      body: fact.body,
      verifyEveryMs: fact.verifyEveryMs,
    },
    verifiedAt: new Date(input.dueAt.getTime() - fact.verifyEveryMs),
    ...(input.verifiedBy ? { verifiedBy: input.verifiedBy } : {}),
    dueAt: input.dueAt,
    agents: agentsUsing(input.registry, fact.id),
    runs: input.usage.get(fact.id)?.runs ?? 0,
    state: input.state,
  };
}
