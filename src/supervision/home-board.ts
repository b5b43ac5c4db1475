import type { Kysely } from 'kysely';
import { activityByAgent, runsPerDay } from '../db/activity-repository.js';
import type { Database } from '../db/schema.js';
import { normalizeChannelRef } from '../spec-fields/channel-ref.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { HomeAgentRow, HomePage } from '../surfaces/app-home.js';
import { driftReasons } from './drift.js';
import { computeScorecard } from './scorecard.js';

const DAY_MS = 86_400_000;
/** Agents per page of App Home: two blocks each, leaving room for the rest within 100 blocks. */
export const HOME_PAGE_SIZE = 20;
/** Days in each agent's runs sparkline. */
export const SPARKLINE_DAYS = 14;

/** Which part of App Home a person is looking at. */
export interface HomeState {
  page: number;
  /** A channel reference as specs write it (normalized), or undefined for every agent. */
  channel?: string | undefined;
}

/**
 * App Home's agents, the ones that need a person first: failing in the last 7 days, then
 * drifting, then by pending reviews; one page of them. Grouped queries over all agents
 * (the order needs every agent's numbers), whatever their number: scorecard, the two activity
 * windows and the runs per day.
 */
export async function buildHomeBoard(
  db: Kysely<Database>,
  registry: AgentRegistry,
  state: HomeState,
  now = new Date(),
): Promise<HomePage> {
  const all = registry.all();
  const channels = [...new Set(all.flatMap((a) => a.spec.channels.map(normalizeChannelRef)))].sort();
  const channel = state.channel !== undefined && channels.includes(state.channel) ? state.channel : undefined;
  const names = all
    .filter((a) => channel === undefined || a.spec.channels.some((ref) => normalizeChannelRef(ref) === channel))
    .map((a) => a.spec.name);
  const weekStart = new Date(now.getTime() - 7 * DAY_MS);
  const [scores, week, before, daily] = await Promise.all([
    computeScorecard(db, names),
    activityByAgent(db, weekStart, now),
    activityByAgent(db, new Date(weekStart.getTime() - 30 * DAY_MS), weekStart),
    runsPerDay(db, now, SPARKLINE_DAYS),
  ]);
  const agents: HomeAgentRow[] = scores.map((score) => ({
    ...score,
    recentFailures: week.get(score.agent)?.failures ?? 0,
    drift: driftReasons(week.get(score.agent), before.get(score.agent)),
    runsPerDay: daily.get(score.agent) ?? new Array<number>(SPARKLINE_DAYS).fill(0),
  }));
  agents.sort(
    (a, b) =>
      b.recentFailures - a.recentFailures ||
      b.drift.length - a.drift.length ||
      b.pending - a.pending ||
      a.agent.localeCompare(b.agent),
  );
  const pages = Math.max(1, Math.ceil(agents.length / HOME_PAGE_SIZE));
  const page = Math.min(Math.max(0, Math.floor(state.page)), pages - 1);
  return {
    agents: agents.slice(page * HOME_PAGE_SIZE, (page + 1) * HOME_PAGE_SIZE),
    total: agents.length,
    page,
    first: page * HOME_PAGE_SIZE,
    pages,
    channel,
    channels,
  };
}
