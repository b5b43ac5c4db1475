import type { Logger } from '@slack/logger';
import {
  type FactNoticeKey,
  factNoticeSubject,
  getFactNotice,
  parseFactNoticeSubject,
} from '../db/fact-notices-repository.js';
import { getFactCheck, recordFactCheck } from '../db/facts-repository.js';
import { ownerCardAt } from '../db/owner-cards-repository.js';
import type { FactCheckResult, FactCheckRow } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { FactRef } from '../surfaces/action-ids.js';
import { type FactCardState, renderFactCard } from '../surfaces/fact-card.js';
import type { VersionedFact } from './fact.js';
import { factCardView, recentFactUsage } from './fact-card-view.js';
import type { KnowledgeBase } from './knowledge-base.js';
import { type OwnerCardDeps, requireOwner, updateOwnerCards } from './owner-cards.js';

/** What answering a verification request needs. */
export interface CheckFactDeps extends OwnerCardDeps {
  knowledge?: () => KnowledgeBase;
}

/**
 * Where an answer comes from: a button on a card (the message it was pressed on, as the click
 * says), or the Needs a change modal opened from one (the request it names).
 */
export type CheckSource =
  | { kind: 'card'; origin: { channelId: string; messageTs: string } | undefined }
  | { kind: 'modal'; subject: string };

/** The request an answer is about: the fact as it is now, and the period its cards were sent for. */
export interface FactCheckTarget {
  fact: VersionedFact;
  key: FactNoticeKey;
  /** The cards' `owner_cards.subject`. */
  subject: string;
}

/** An answer recorded: the request, and the check that stands for it (the first of its kind). */
export interface FactCheckOutcome extends FactCheckTarget {
  check: FactCheckRow;
}

/**
 * Whether `userId` may answer this request now: it must come from one of the request's cards
 * (or its modal), be about the fact's current version (a changed file verified it already), and
 * come from an owner (the user, or a member of the group). Reads only.
 * @throws CoworkerError `request_mismatch`, `review_stale` or `not_authorised`, in words for the clicker
 */
export async function authoriseFactCheck(
  deps: CheckFactDeps,
  input: { ref: FactRef; source: CheckSource; userId: string },
): Promise<FactCheckTarget> {
  const { ref } = input;
  const subject = await subjectOf(deps, input.source);
  const key = subject === undefined ? undefined : parseFactNoticeSubject(subject);
  if (subject === undefined || !key || key.factId !== ref.fact || key.version !== ref.version) {
    throw new CoworkerError(
      'request_mismatch',
      'This button does not belong to the message it was pressed on, so nothing was recorded.',
      { details: { ref, source: input.source } },
    );
  }
  const fact = deps.knowledge?.().get(ref.fact);
  if (!fact) {
    throw new CoworkerError(
      'review_stale',
      `The fact \`${ref.fact}\` is no longer in the knowledge folder, so nothing was recorded.`,
    );
  }
  if (fact.version !== ref.version) {
    throw new CoworkerError(
      'review_stale',
      `*${fact.title}* has changed since this card was sent (it is at version ${fact.version} now, this card is about version ${ref.version}), and its change verified it: nothing was recorded.`,
    );
  }
  await requireOwner(deps.slack, fact, input.userId, { may: 'answer this card', nothing: 'recorded' });
  return { fact, key, subject };
}

/**
 * Records an owner's answer to a verification request: Verify, or Needs a change with a note.
 * Once per request and kind: a double click or a second owner's click records nothing more,
 * and the outcome names who answered first. The ⚠ on reviews follows from the newest check.
 * @throws CoworkerError as {@link authoriseFactCheck}
 */
export async function checkFact(
  deps: CheckFactDeps,
  input: { ref: FactRef; source: CheckSource; userId: string; result: FactCheckResult; note?: string },
): Promise<FactCheckOutcome> {
  const target = await authoriseFactCheck(deps, input);
  const id = checkId(input.result, target.subject);
  await recordFactCheck(deps.db, {
    id,
    factId: target.fact.id,
    version: target.fact.version,
    result: input.result,
    userId: input.userId,
    note: input.note ?? null,
  });
  const check = await getFactCheck(deps.db, id);
  if (!check) throw new Error(`the fact check ${id} was recorded but cannot be read back`);
  return { ...target, check };
}

/**
 * Shows the answer on every card of the request, without buttons: the newest answer recorded
 * for it, so concurrent answers end up shown alike. A card Slack refuses to update is logged.
 */
export async function showFactCheck(
  deps: OwnerCardDeps & { agents: () => AgentRegistry; logger: Logger },
  outcome: FactCheckTarget,
  now = new Date(),
): Promise<void> {
  const checks = await Promise.all(
    (['verified', 'needs_change'] as const).map((result) => getFactCheck(deps.db, checkId(result, outcome.subject))),
  );
  const newest = checks
    .filter((c): c is FactCheckRow => c !== undefined)
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())[0];
  if (!newest) return;
  const state: FactCardState =
    newest.result === 'verified'
      ? { status: 'verified', by: newest.user_id, at: newest.created_at }
      : { status: 'needs_change', by: newest.user_id, at: newest.created_at, note: newest.note ?? '' };
  const usage = await recentFactUsage(deps.db, now);
  const card = renderFactCard(
    factCardView({ fact: outcome.fact, dueAt: outcome.key.dueAt, registry: deps.agents(), usage, state }),
    now,
  );
  const failed = await updateOwnerCards(deps, outcome.subject, card);
  if (failed > 0) deps.logger.warn(`${failed} card(s) about the fact ${outcome.fact.id} could not be updated`);
}

async function subjectOf(deps: CheckFactDeps, source: CheckSource): Promise<string | undefined> {
  switch (source.kind) {
    case 'card': {
      if (!source.origin) return undefined;
      return (await ownerCardAt(deps.db, source.origin.channelId, source.origin.messageTs))?.subject;
    }
    case 'modal': {
      const key = parseFactNoticeSubject(source.subject);
      // Only a request that was made: the subject is read back from a modal's metadata.
      return key && (await getFactNotice(deps.db, key)) ? factNoticeSubject(key) : undefined;
    }
    default: {
      const unknown: never = source;
      throw new Error(`unknown fact check source ${JSON.stringify(unknown)}`);
    }
  }
}

/** One check of each kind per request: the id makes a repeated answer a no-op. */
function checkId(result: FactCheckResult, subject: string): string {
  return `${result}:${subject}`;
}
