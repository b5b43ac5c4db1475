import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blocksText, listButtons } from '../support/find-button.js';
import { type RecordedMessage, startTestApp, type TestApp } from '../support/start-test-app.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const WEBHOOK_SECRET = 'whsec-test';

let t: TestApp;
let hook: WebhookReceiver;

const agents = (hookUrl: string) => ({
  'group-approved.yaml': `
channels: ["#support"]
instructions: Draft.
artifact: { type: message }
review:
  approvers: ["@support-leads", "U0LEAD"]
  self_approval: false
`,
  'two-approvals.yaml': `
channels: ["#support"]
instructions: Draft.
artifact: { type: message }
review:
  quorum: 2
on_approve:
  - webhook: { url: "${hookUrl}", secret: "\${HOOK_SECRET}" }
`,
  'short-lived.yaml': `
channels: ["#support"]
instructions: Draft.
artifact: { type: message }
review:
  expires_after: 1s
on_approve:
  - post: "#support-outbox"
`,
});

beforeAll(async () => {
  hook = await startWebhookReceiver();
  t = await startTestApp({
    agents: agents(hook.url),
    env: { HOOK_SECRET: WEBHOOK_SECRET, COWORKER_SWEEP_MS: '200' },
    slack: { usergroups: [{ id: 'S0LEADS', handle: 'support-leads', users: ['U0GROUPIE'] }] },
  });
});
afterAll(async () => {
  await t?.close();
  await hook?.close();
});
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => ({ text: 'A careful draft.' });
  hook.received.length = 0;
});

function runAgent(agent: string, user = 'U0ALICE') {
  return t.runAgent(agent, { user });
}

function click(review: RecordedMessage, text: string, user: string) {
  return t.click(review, text, user);
}

async function ephemeralTo(user: string) {
  return String((await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === user)).params.text);
}

describe('approval policy', () => {
  it('refuses people who are not approvers, naming who can decide, and changes nothing', async () => {
    const review = await runAgent('group-approved');
    await click(review, 'Approve', 'U0RANDOM');
    expect(await ephemeralTo('U0RANDOM')).toMatch(/Only members of @support-leads or <@U0LEAD> can review the work of/);
    await click(review, 'Reject', 'U0RANDOM2');
    expect(await ephemeralTo('U0RANDOM2')).toMatch(/Only members of @support-leads/);
    expect(t.slack.callsTo('chat.update').filter((c) => c.params.ts === review.params.ts)).toHaveLength(1);

    // A member of the user group may decide.
    await click(review, 'Approve', 'U0GROUPIE');
    const decided = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)),
    );
    expect(blocksText(decided.params.blocks), JSON.stringify(decided.params.blocks)).toContain('<@U0GROUPIE>');
  });

  it('refuses self-approval when the spec turns it off', async () => {
    const review = await runAgent('group-approved', 'U0LEAD');
    await click(review, 'Approve', 'U0LEAD');
    expect(await ephemeralTo('U0LEAD')).toMatch(/You started this run.*self_approval: false/);
    expect(t.slack.callsTo('chat.update').filter((c) => c.params.ts === review.params.ts)).toHaveLength(1);
  });

  it('needs two distinct approvals for quorum 2, then delivers one signed webhook, retried on 500', async () => {
    hook.failWith(500, 500);
    const review = await runAgent('two-approvals');
    expect(blocksText(review.params.blocks)).toMatch(/0 of 2 approvals/);

    await click(review, 'Approve', 'U0ONE');
    expect(await ephemeralTo('U0ONE')).toMatch(/1 of 2 approvals/);
    const counted = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /1 of 2 approvals/.test(blocksText(p.blocks)),
    );
    expect(listButtons(counted.params.blocks).map((b) => b.label)).toContain('Approve');
    await click(review, 'Approve', 'U0ONE'); // the same person again does not count twice
    await ephemeralTo('U0ONE');
    expect(hook.received).toHaveLength(0);

    await click(review, 'Approve', 'U0TWO');
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)) && listButtons(p.blocks).length === 0,
    );
    const deliveries = await hook.waitFor(3);
    expect(deliveries).toHaveLength(3);
    const ids = new Set(deliveries.map((d) => d.headers['x-coworker-delivery']));
    expect(ids.size).toBe(1);
    const last = deliveries[2]!;
    const timestamp = String(last.headers['x-coworker-timestamp']);
    const expected = `v0=${createHmac('sha256', WEBHOOK_SECRET).update(`v0:${timestamp}:${last.body}`).digest('hex')}`;
    expect(last.headers['x-coworker-signature']).toBe(expected);
    const body = JSON.parse(last.body) as {
      agent: string;
      artifact: { version: number; type: string; content: unknown };
      approved_by: string;
    };
    expect(body).toMatchObject({
      agent: 'two-approvals',
      artifact: { version: 1, type: 'message', content: { text: 'A careful draft.' } },
      approved_by: 'U0TWO',
    });
  });

  it('reports a webhook the receiver refuses in the thread, once, without retrying it', async () => {
    hook.failWith(400, 400, 400);
    const review = await runAgent('two-approvals');
    await click(review, 'Approve', 'U0ONE');
    await ephemeralTo('U0ONE');
    await click(review, 'Approve', 'U0TWO');
    const report = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === review.params.ts && /Approved, but could not deliver the webhook/.test(String(p.text)),
    );
    expect(String(report.params.text)).toMatch(/HTTP 400 after 1 attempt/);
    expect(hook.received).toHaveLength(1);
    hook.failWith();
  });

  it('counts both approvals when two people complete a quorum of 2 at the same moment, and applies once', async () => {
    const review = await runAgent('two-approvals');
    await Promise.all([click(review, 'Approve', 'U0SAME1'), click(review, 'Approve', 'U0SAME2')]);
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)) && listButtons(p.blocks).length === 0,
    );
    await hook.waitFor(1);
    // Whichever way the clicks interleave, neither is told it changed nothing: both approvals counted.
    const told = t.slack
      .callsTo('chat.postEphemeral')
      .filter((c) => c.params.user === 'U0SAME1' || c.params.user === 'U0SAME2');
    expect(told.length).toBeLessThanOrEqual(1);
    for (const c of told) expect(String(c.params.text)).toMatch(/Your approval is recorded \([12] of 2 approvals\)/);
    expect(hook.received).toHaveLength(1);
  });

  it('expires an overdue review: buttons replaced by Re-run, the thread told, a late click refused, Re-run runs again', async () => {
    const review = await runAgent('short-lived');
    const expired = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /expired/i.test(blocksText(p.blocks)),
      8000,
    );
    expect(listButtons(expired.params.blocks).map((b) => b.label)).toEqual(['Re-run']);
    const note = await t.slack.waitForCall('chat.postMessage', (p) => p.thread_ts === review.params.ts);
    expect(String(note.params.text)).toMatch(/expired.*nothing was applied/);

    await click(review, 'Approve', 'U0LATE');
    expect(await ephemeralTo('U0LATE')).toMatch(/expired, so nothing was applied/);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0OUTBOX001')).toHaveLength(0);

    await click(expired, 'Re-run', 'U0BOB');
    await t.model.waitForRequests(2);
    const rerun = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts !== review.params.ts && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    expect(blocksText(rerun.params.blocks)).toContain('<@U0BOB>');
  });

  it('keeps pending reviews across a restart: Approve works on the new process', async () => {
    const review = await runAgent('two-approvals');
    await click(review, 'Approve', 'U0ONE');
    await ephemeralTo('U0ONE');
    await t.restart({ HOOK_SECRET: WEBHOOK_SECRET, COWORKER_SWEEP_MS: '200' });
    await click(review, 'Approve', 'U0TWO');
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)) && listButtons(p.blocks).length === 0,
    );
    expect((await hook.waitFor(1)).length).toBe(1);
  });
});
