import type { Logger } from '@slack/logger';
import {
  claimFactNotice,
  type FactNoticeKey,
  factNoticeSubject,
  heldFactNotices,
  markFactNoticeSent,
  type NoticeClaimant,
} from '../db/fact-notices-repository.js';
import { factKey } from '../db/facts-repository.js';
import { toCoworkerError } from '../errors.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { renderFactCard } from '../surfaces/fact-card.js';
import type { VersionedFact } from './fact.js';
import { factCardView, recentFactUsage } from './fact-card-view.js';
import { factStatuses } from './fact-statuses.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { type OwnerCardDeps, ownerMembers, sendOwnerCards } from './owner-cards.js';

/** What the sweep asking owners to verify their due facts needs. */
export interface NotifyDueFactsDeps extends OwnerCardDeps {
  knowledge?: () => KnowledgeBase;
  agents: () => AgentRegistry;
  instanceId: string;
  logger: Logger;
}

export interface NotifyDueFactsOptions extends Omit<NoticeClaimant, 'instanceId'> {
  /** At most this many requests are sent by one sweep (the rest wait for the next). Default 20. */
  maxPerSweep?: number;
  now?: Date;
}

/**
 * One sweep: for each fact that is due (past its `verify_every` since its last Verify or
 * change), its owner — the user, or each member of the user group — gets one DM asking to
 * Verify it or say it Needs a change. Safe on every replica at once: each period (fact,
 * version, when it fell due) is claimed by one of them (`fact_notices`); a request that could
 * not reach everyone (Slack failed, the group is unknown) is tried again later by its claimer,
 * or by another replica once its claimer is dead, and reaches only those it missed (the cards
 * sent are recorded). A changed fact is a new version, so a new period. Never throws for one
 * fact: it is logged and the others go on.
 * @returns how many requests went out to all their owners in this sweep
 */
export async function notifyDueFacts(deps: NotifyDueFactsDeps, options: NotifyDueFactsOptions): Promise<number> {
  const facts = deps.knowledge?.().all() ?? [];
  if (facts.length === 0) return 0;
  const now = options.now ?? new Date();
  const statuses = await factStatuses(
    deps.db,
    facts.map((f) => ({ id: f.id, version: f.version, versionAt: f.versionAt, verifyEveryMs: f.verifyEveryMs })),
    now,
  );
  const due = facts
    .flatMap((fact) => {
      const status = statuses.get(factKey(fact.id, fact.version));
      if (!status?.due) return [];
      const key: FactNoticeKey = { factId: fact.id, version: fact.version, dueAt: status.dueAt };
      return [{ fact, key, verifiedBy: status.verifiedBy }];
    })
    .sort((a, b) => a.key.dueAt.getTime() - b.key.dueAt.getTime());
  if (due.length === 0) return 0;
  const claimant: NoticeClaimant = {
    instanceId: deps.instanceId,
    retryAfterMs: options.retryAfterMs,
    silentMs: options.silentMs,
  };
  const held = await heldFactNotices(
    deps.db,
    due.map((d) => d.key),
    claimant,
  );
  const open = due.filter((d) => !held.has(factNoticeSubject(d.key))).slice(0, options.maxPerSweep ?? 20);
  if (open.length === 0) return 0;
  const usage = await recentFactUsage(deps.db, now);
  const registry = deps.agents();
  let sent = 0;
  for (const item of open) {
    if (!(await claimFactNotice(deps.db, item.key, claimant))) continue;
    const card = renderFactCard(
      factCardView({ ...item, dueAt: item.key.dueAt, registry, usage, state: { status: 'pending' } }),
      now,
    );
    try {
      if (await sendToEveryOwner(deps, item.fact, item.key, card)) sent += 1;
    } catch (err) {
      const error = toCoworkerError(err);
      deps.logger.warn(
        `could not ask ${item.fact.owner} to verify the fact ${item.fact.id} (${error.message}); trying again in ${Math.round(options.retryAfterMs / 1000)} s`,
      );
    }
  }
  return sent;
}

/** Sends the card to every owner not reached yet; marks the notice sent once all have it. @returns whether all have it */
async function sendToEveryOwner(
  deps: NotifyDueFactsDeps,
  fact: VersionedFact,
  key: FactNoticeKey,
  card: ReturnType<typeof renderFactCard>,
): Promise<boolean> {
  const reached = await sendOwnerCards(deps, factNoticeSubject(key), fact.owner, card);
  const missed = (await ownerMembers(deps.slack, fact.owner)).filter((userId) => !reached.includes(userId));
  if (missed.length > 0) {
    deps.logger.warn(
      `the request to verify the fact ${fact.id} reached ${reached.length} of its owners; ${missed.join(', ')} will be tried again`,
    );
    return false;
  }
  await markFactNoticeSent(deps.db, key);
  return true;
}
