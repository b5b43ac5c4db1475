import { escapeMrkdwn, mentionUser, oneLine } from '../block-kit/escape-mrkdwn.js';
import { truncate } from '../block-kit/limits.js';
import type { TriggerKind } from '../db/schema.js';

/** How a run started, as the review and status messages tell it. */
export interface TriggerInfo {
  kind: TriggerKind;
  /** The Slack user who caused it, when there is one. */
  userId?: string;
  /** E.g. the cron expression of a schedule, or the text of a command. */
  detail?: string;
}

// A detail is a reminder of what was asked, not the whole request.
const MAX_DETAIL = 200;

/**
 * The trigger in a few mrkdwn words: `requested by <@U1> with /coworker run digest`, `scheduled (0 9 * * MON)`.
 * The detail is escaped and cut to 200 characters.
 */
export function describeTrigger(trigger: TriggerInfo): string {
  const user = trigger.userId === undefined ? undefined : mentionUser(trigger.userId);
  const by = user === undefined ? '' : ` by ${user}`;
  const detail =
    trigger.detail === undefined || oneLine(trigger.detail) === ''
      ? undefined
      : truncate(escapeMrkdwn(oneLine(trigger.detail)), MAX_DETAIL);
  switch (trigger.kind) {
    case 'command':
      return `requested${by} with ${detail ?? '/coworker'}`;
    case 'mention':
      return `requested${by} in a mention`;
    case 'message':
      return user === undefined ? 'triggered by a message' : `triggered by a message from ${user}`;
    case 'schedule':
      return `scheduled${detail === undefined ? '' : ` (${detail})`}`;
    case 'retry':
      return `retried${by}`;
    case 'revise':
      return `revised${by} with the thread's corrections`;
    case 'rerun':
      return `re-run${by}`;
    case 'cli':
      return `run from the command line${by}`;
    default: {
      const unknown: never = trigger.kind;
      return String(unknown);
    }
  }
}
