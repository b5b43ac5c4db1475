import type { DecisionKind, Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { SlackPort } from '../slack-port.js';
import type { ReviewPolicy } from '../specs/agent-spec.js';

/**
 * Checks that `userId` may act on a review under the agent's policy: one of the `approvers`
 * (user IDs, or members of `@group` handles) when the spec lists any, for every decision,
 * edit, revision or retirement; and, with `self_approval: false`, not the person who started
 * the run when approving (an edit approves too).
 * @throws CoworkerError `not_authorised`, saying who can decide instead
 */
export async function authoriseReviewer(
  slack: Pick<SlackPort, 'userGroupMembers'>,
  input: {
    agent: string;
    policy: ReviewPolicy;
    run: Run;
    userId: string;
    decision: DecisionKind | 'edit' | 'revise' | 'retire';
  },
): Promise<void> {
  const { policy, run, userId, decision } = input;
  if (policy.approvers !== undefined && !(await isApprover(slack, policy.approvers, userId))) {
    throw new CoworkerError(
      'not_authorised',
      `Only ${describeApprovers(policy.approvers)} can review the work of \`${input.agent}\`. Nothing was changed.`,
      { details: { userId } },
    );
  }
  if ((decision === 'approve' || decision === 'edit') && !policy.self_approval && run.trigger_user === userId) {
    throw new CoworkerError(
      'not_authorised',
      `You started this run, and \`${input.agent}\` does not allow approving your own run (review.self_approval: false): someone else has to approve it. Nothing was changed.`,
      { details: { userId } },
    );
  }
}

async function isApprover(
  slack: Pick<SlackPort, 'userGroupMembers'>,
  approvers: readonly string[],
  userId: string,
): Promise<boolean> {
  if (approvers.includes(userId)) return true;
  for (const approver of approvers) {
    if (!approver.startsWith('@')) continue;
    if ((await slack.userGroupMembers(approver))?.includes(userId)) return true;
  }
  return false;
}

/** "<@U1>, <@U2> or members of @sales-leads" */
export function describeApprovers(approvers: readonly string[]): string {
  const names = approvers.map((a) => (a.startsWith('@') ? `members of ${a}` : `<@${a}>`));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
