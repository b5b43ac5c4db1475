import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { activityByAgent } from '../db/activity-repository.js';
import { factKey } from '../db/facts-repository.js';
import { claimScheduleSlot } from '../db/schedule-slots-repository.js';
import type { Database } from '../db/schema.js';
import { factStatuses } from '../knowledge/fact-statuses.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { SlackPort } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { type DigestFact, type DigestView, renderDigest } from '../surfaces/digest-message.js';
import { driftReasons } from './drift.js';

const DAY_MS = 86_400_000;
/** The digest's slot in schedule_slots: not an agent's (`<agent>#<n>`), claimed the same way. */
export const DIGEST_JOB = 'coworker#weekly-digest';

export interface DigestDeps {
  db: Kysely<Database>;
  slack: Pick<SlackPort, 'resolveChannel' | 'postMessage'>;
  agents: () => AgentRegistry;
  knowledge?: () => KnowledgeBase;
  instanceId: string;
  logger: Logger;
}

/**
 * The week before `to`: each loaded agent's runs, approvals, zero-touch rate, corrections,
 * failures and cost, whether it drifts (the 7 days against the 30 before), and the team facts
 * due or disputed. Reads only; seven grouped queries whatever the number of agents.
 */
export async function composeDigest(deps: DigestDeps, to: Date, timezone: string): Promise<DigestView> {
  const from = new Date(to.getTime() - 7 * DAY_MS);
  const [week, before] = await Promise.all([
    activityByAgent(deps.db, from, to),
    activityByAgent(deps.db, new Date(from.getTime() - 30 * DAY_MS), from),
  ]);
  const names = new Set([
    ...deps
      .agents()
      .all()
      .map((a) => a.spec.name),
    ...week.keys(),
  ]);
  const agents = [...names].map((agent) => {
    const counts = week.get(agent);
    return {
      agent,
      runs: counts?.runs ?? 0,
      approved: counts?.approved ?? 0,
      zeroTouchRate: counts && counts.approved > 0 ? counts.zeroTouch / counts.approved : null,
      corrections: counts?.corrections ?? 0,
      failures: counts?.failures ?? 0,
      costUsd: counts ? counts.costUsd : 0,
      drift: driftReasons(counts, before.get(agent)),
    };
  });
  const facts = deps.knowledge?.().all() ?? [];
  const statuses = await factStatuses(
    deps.db,
    facts.map((f) => ({ id: f.id, version: f.version, versionAt: f.versionAt, verifyEveryMs: f.verifyEveryMs })),
    to,
  );
  const needingOwners: DigestFact[] = [];
  let disputesOpen = 0;
  for (const fact of facts) {
    const status = statuses.get(factKey(fact.id, fact.version));
    if (!status) continue;
    disputesOpen += status.openDisputes;
    if (status.disputed) needingOwners.push({ title: fact.title, owner: fact.owner, why: 'disputed' });
    else if (status.due) needingOwners.push({ title: fact.title, owner: fact.owner, why: 'due' });
  }
  return { from, to, timezone, agents, facts: needingOwners, disputesOpen };
}

/**
 * Posts the digest of the week before `slot` to `channel`, once across replicas: the slot is
 * claimed in the database first, and only the replica whose claim lands posts.
 * @returns whether this replica posted it
 */
export async function postWeeklyDigest(
  deps: DigestDeps,
  settings: { channel: string; timezone: string },
  slot: Date,
): Promise<boolean> {
  if (!(await claimScheduleSlot(deps.db, { job: DIGEST_JOB, slot, instanceId: deps.instanceId }))) return false;
  const channel = await deps.slack.resolveChannel(settings.channel);
  if (!channel) {
    deps.logger.error(
      `the weekly digest of ${slot.toISOString()} was not posted: COWORKER_OWNERS_CHANNEL (${settings.channel}) is not a channel the app knows (invite it)`,
    );
    return false;
  }
  const message = renderDigest(await composeDigest(deps, slot, settings.timezone));
  await deps.slack.postMessage({ channel: channel.id, ...message });
  return true;
}
