import { describe, expect, it } from 'vitest';
import { authoriseReviewer, describeApprovers } from '../../src/access/authorise-reviewer.js';
import type { DecisionKind, Run } from '../../src/db/schema.js';
import { CoworkerError } from '../../src/errors.js';
import { ReviewPolicy } from '../../src/specs/agent-spec.js';

type Decision = DecisionKind | 'edit' | 'revise' | 'retire';

const groups: Record<string, string[]> = { '@sales-leads': ['U0LEAD1', 'U0LEAD2'], '@empty': [] };

/** A SlackPort stub that answers from `groups` and records which handles were asked about. */
function stubSlack() {
  const asked: string[] = [];
  return {
    asked,
    userGroupMembers: async (handle: string) => {
      asked.push(handle);
      return groups[handle];
    },
  };
}

const run: Run = {
  id: 'run-1',
  agent: 'lead-digest',
  spec_hash: null,
  trigger_kind: 'command',
  trigger_user: 'U0STARTER',
  trigger_detail: null,
  channel_id: 'C1',
  thread_ts: null,
  input: '',
  status: 'succeeded',
  error_code: null,
  error_message: null,
  instance_id: null,
  status_ts: null,
  retry_of: null,
  revision_of: null,
  model: null,
  delivery_error: null,
  model_calls: 1,
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cost_usd: null,
  attachments: null,
  created_at: new Date(),
  started_at: null,
  finished_at: null,
};

function authorise(
  policyInput: Record<string, unknown>,
  userId: string,
  decision: Decision = 'approve',
  slack = stubSlack(),
) {
  return authoriseReviewer(slack, {
    agent: 'lead-digest',
    policy: ReviewPolicy.parse(policyInput),
    run,
    userId,
    decision,
  });
}

async function refusal(promise: Promise<void>): Promise<CoworkerError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoworkerError);
  const error = err as CoworkerError;
  expect(error.code).toBe('not_authorised');
  expect(error.category).toBe('user');
  return error;
}

const ALL: Decision[] = ['approve', 'reject', 'edit', 'revise', 'retire'];

describe('authoriseReviewer', () => {
  it('lets anyone act when no approvers are listed, without asking Slack', async () => {
    const slack = stubSlack();
    for (const decision of ALL) await expect(authorise({}, 'U0ANYONE', decision, slack)).resolves.toBeUndefined();
    expect(slack.asked).toEqual([]);
  });

  it('lets a listed user act on every kind of decision', async () => {
    for (const decision of ALL)
      await expect(authorise({ approvers: ['U0ALICE', '@sales-leads'] }, 'U0ALICE', decision)).resolves.toBeUndefined();
  });

  it('lets a member of a listed group act', async () => {
    await expect(
      authorise({ approvers: ['U0ALICE', '@empty', '@sales-leads'] }, 'U0LEAD2', 'reject'),
    ).resolves.toBeUndefined();
    await expect(authorise({ approvers: ['@sales-leads'] }, 'U0LEAD1', 'edit')).resolves.toBeUndefined();
  });

  it('refuses anyone else, naming who may decide, for every kind of decision', async () => {
    for (const decision of ALL) {
      const error = await refusal(authorise({ approvers: ['U0ALICE', '@sales-leads'] }, 'U0MALLORY', decision));
      expect(error.message).toBe(
        `Only ${describeApprovers(['U0ALICE', '@sales-leads'])} can review the work of \`lead-digest\`. Nothing was changed.`,
      );
      expect(error.message).toContain('<@U0ALICE> or members of @sales-leads');
      expect(error.details).toEqual({ userId: 'U0MALLORY' });
    }
  });

  it('refuses when the only group listed does not exist', async () => {
    const slack = stubSlack();
    const error = await refusal(authorise({ approvers: ['@gone'] }, 'U0LEAD1', 'approve', slack));
    expect(error.message).toContain('members of @gone');
    expect(slack.asked).toEqual(['@gone']);
  });

  it("with self_approval false, refuses the run's starter an approve or an edit, but lets them reject, revise or retire", async () => {
    for (const decision of ['approve', 'edit'] as const) {
      const error = await refusal(authorise({ self_approval: false }, 'U0STARTER', decision));
      expect(error.message).toMatch(/You started this run.*self_approval: false.*someone else has to approve it/);
    }
    for (const decision of ['reject', 'revise', 'retire'] as const) {
      await expect(authorise({ self_approval: false }, 'U0STARTER', decision)).resolves.toBeUndefined();
    }
    // Someone else may approve; and the starter may approve by default.
    await expect(authorise({ self_approval: false }, 'U0OTHER', 'approve')).resolves.toBeUndefined();
    await expect(authorise({}, 'U0STARTER', 'approve')).resolves.toBeUndefined();
  });

  it('applies self_approval false to a starter who is also a listed approver', async () => {
    await refusal(authorise({ approvers: ['U0STARTER', 'U0ALICE'], self_approval: false }, 'U0STARTER', 'approve'));
    await expect(
      authorise({ approvers: ['U0STARTER', 'U0ALICE'], self_approval: false }, 'U0STARTER', 'reject'),
    ).resolves.toBeUndefined();
  });
});

describe('describeApprovers', () => {
  it('names one, two and three approvers', () => {
    expect(describeApprovers(['U0ALICE'])).toBe('<@U0ALICE>');
    expect(describeApprovers(['@sales-leads'])).toBe('members of @sales-leads');
    expect(describeApprovers(['U0ALICE', '@sales-leads'])).toBe('<@U0ALICE> or members of @sales-leads');
    expect(describeApprovers(['U0ALICE', 'U0BOB', '@sales-leads'])).toBe(
      '<@U0ALICE>, <@U0BOB> or members of @sales-leads',
    );
  });
});
