import type { KnownBlock } from '@slack/types';
import type { Kysely } from 'kysely';
import { escapeMrkdwn, mentionOwner, oneLine } from '../block-kit/escape-mrkdwn.js';
import { insertOwnerCard, ownerCardsOf } from '../db/owner-cards-repository.js';
import type { Database } from '../db/schema.js';
import { CoworkerError, toCoworkerError } from '../errors.js';
import type { SlackPort } from '../slack-port.js';

/** What sending and updating owners' cards needs. */
export interface OwnerCardDeps {
  db: Kysely<Database>;
  slack: Pick<SlackPort, 'userGroupMembers' | 'openDirectMessage' | 'postMessage' | 'updateMessage'>;
}

export interface CardMessage {
  text: string;
  blocks: KnownBlock[];
}

/** The people a fact's `owner` names: the user, or each member of the user group (none if it is unknown). */
export async function ownerMembers(slack: Pick<SlackPort, 'userGroupMembers'>, owner: string): Promise<string[]> {
  if (!owner.startsWith('@')) return [owner];
  return (await slack.userGroupMembers(owner.slice(1))) ?? [];
}

/** Whether `userId` is (one of) the fact's owner(s). */
export async function isOwner(
  slack: Pick<SlackPort, 'userGroupMembers'>,
  owner: string,
  userId: string,
): Promise<boolean> {
  return (await ownerMembers(slack, owner)).includes(userId);
}

/**
 * Refuses anyone but an owner of `fact` (the user, or a member of the group), in words for the
 * clicker: `Only the owner of *Refund policy*, @support-leads, can <may>: nothing was <outcome>.`
 * @throws CoworkerError `not_authorised`
 */
export async function requireOwner(
  slack: Pick<SlackPort, 'userGroupMembers'>,
  fact: { title: string; owner: string },
  userId: string,
  refusal: { may: string; nothing: string },
): Promise<void> {
  if (await isOwner(slack, fact.owner, userId)) return;
  throw new CoworkerError(
    'not_authorised',
    `Only the owner of *${escapeMrkdwn(oneLine(fact.title))}*, ${mentionOwner(fact.owner)}, can ${refusal.may}: nothing was ${refusal.nothing}.`,
  );
}

/**
 * DMs `message` to each person `owner` names and records each card under `subject`, so it can be
 * updated once settled. One person Slack refuses does not stop the others; a person who has a
 * card under `subject` already is not sent another (so a retry reaches only those missed).
 * @returns the people who have their card now
 * @throws CoworkerError when the owner names nobody, or nobody could be reached (the last error)
 */
export async function sendOwnerCards(
  deps: OwnerCardDeps,
  subject: string,
  owner: string,
  message: CardMessage,
): Promise<string[]> {
  const members = await ownerMembers(deps.slack, owner);
  if (members.length === 0) {
    throw new CoworkerError(
      'slack_failed',
      `the owner ${owner} names nobody Slack knows (an unknown or empty user group).`,
    );
  }
  const carded = new Set((await ownerCardsOf(deps.db, subject)).map((card) => card.userId));
  const reached = members.filter((userId) => carded.has(userId));
  let failure: unknown;
  for (const userId of members) {
    if (carded.has(userId)) continue;
    try {
      const channel = await deps.slack.openDirectMessage(userId);
      const posted = await deps.slack.postMessage({ channel, ...message });
      await insertOwnerCard(deps.db, subject, { userId, channelId: posted.channel, ts: posted.ts });
      reached.push(userId);
    } catch (err) {
      failure = err;
    }
  }
  if (reached.length === 0) throw toCoworkerError(failure);
  return reached;
}

/** Shows `message` in place of every card sent about `subject`. @returns how many could not be updated */
export async function updateOwnerCards(deps: OwnerCardDeps, subject: string, message: CardMessage): Promise<number> {
  let failed = 0;
  for (const card of await ownerCardsOf(deps.db, subject)) {
    await deps.slack.updateMessage({ channel: card.channelId, ts: card.ts, ...message }).catch(() => {
      failed += 1;
    });
  }
  return failed;
}
