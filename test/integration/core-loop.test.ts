import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forcedToolName, modelDelay, modelToolUse, promptText, systemText } from '../support/fake-anthropic.js';
import { slackError, slackRateLimited } from '../support/fake-slack.js';
import { blocksText, findButton, listButtons } from '../support/find-button.js';
import {
  appHomeOpenedEvent,
  appMentionEvent,
  sendCommand,
  sendEvent,
  sendSignedRequest,
  sendUrlVerification,
} from '../support/slack-requests.js';
import { type RecordedMessage, SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const SUPPORT_REPLY = `
description: Drafts replies to customer emails
channels: ["#support"]
instructions: |
  Draft a reply to the customer email. Follow the refund policy.
triggers:
  command: draft
  mention: true
context:
  files: [context/policy.md]
artifact:
  type: message
on_approve:
  - post: "#support-outbox"
`;

const WEEKLY_UPDATE = `
channels: ["C0OPS000001"]
instructions: Write the weekly update.
artifact:
  type: document
`;

const HASTY = `
channels: ["#support"]
instructions: Answer fast.
artifact: { type: message }
limits: { timeout: 1s, max_tokens: 300 }
`;

const DRAFT = { text: 'Hi Alice, your refund is on its way. — The Support Team' };
const SUPPORT = 'C0SUPPORT01';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: { 'support-reply.yaml': SUPPORT_REPLY, 'weekly-update.yaml': WEEKLY_UPDATE, 'hasty.yaml': HASTY },
    files: { 'context/policy.md': 'Refunds within 30 days, no questions asked.' },
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => DRAFT;
});

function command(text: string, user = 'U0ALICE', channel = SUPPORT, channel_name = 'support') {
  return t.command(text, { user, channel: { id: channel, name: channel_name } });
}

/** The ephemeral text a command was answered with (the ack's body). */
function replyText(response: { json?: unknown }): string {
  const body = response.json as { text?: unknown } | undefined;
  return typeof body?.text === 'string' ? body.text : '';
}

/** Waits for the review message: the working message updated in place with the buttons. */
async function reviewMessage() {
  return t.slack.waitForCall('chat.update', (p) => JSON.stringify(p.blocks ?? []).includes('review_approve'));
}

function click(call: RecordedMessage, text: string, user: string) {
  return t.click(call, text, user);
}

describe('the core loop: /coworker run -> Claude -> review -> decision', () => {
  it('serves /healthz once ready, and answers the Request URL check Slack makes', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    const verification = await sendUrlVerification(t.url, SIGNING_SECRET, 'challenge-abc');
    expect(verification.status).toBe(200);
    expect(verification.body).toContain('challenge-abc');
  });

  it('runs an agent, posts a review, and on Approve updates it in place and posts the reply once', async () => {
    const ack = await command('run support-reply Where is my refund? Alice');
    expect(ack.status).toBe(200);

    const working = await t.slack.waitForCall('chat.postMessage', (p) => p.channel === SUPPORT);
    expect(String(working.params.text)).toMatch(/working/i);

    const [request] = await t.model.waitForRequests(1);
    expect(forcedToolName(request!)).toBe('submit_artifact');
    expect(systemText(request!)).toContain('Follow the refund policy.');
    expect(systemText(request!)).toContain('Refunds within 30 days, no questions asked.');
    expect(promptText(request!)).toContain('Where is my refund? Alice');
    const tool = (request!.body.tools as Array<{ input_schema: { properties: Record<string, unknown> } }>)[0]!;
    expect(Object.keys(tool.input_schema.properties)).toEqual(['text']);

    const review = await reviewMessage();
    expect(review.params.ts).toBe(working.response?.ts);
    const text = blocksText(review.params.blocks);
    expect(text).toContain('support-reply');
    expect(text).toContain(DRAFT.text);
    expect(text).toContain('<@U0ALICE>');
    expect(listButtons(review.params.blocks).map((b) => b.label)).toEqual(
      expect.arrayContaining(['Approve', 'Reject']),
    );

    const approve = await click(review, 'Approve', 'U0BOB');
    expect(approve.status).toBe(200);
    const decided = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)),
    );
    expect(listButtons(decided.params.blocks)).toEqual([]);
    expect(blocksText(decided.params.blocks)).toContain('<@U0BOB>');

    const posted = await t.slack.waitForCall('chat.postMessage', (p) => p.channel === 'C0OUTBOX001');
    expect(String(posted.params.text)).toContain(DRAFT.text);
    expect(listButtons(posted.params.blocks ?? [])).toEqual([]);

    // A second click on the decided review changes nothing and says why, to the clicker only.
    await click(review, 'Approve', 'U0CAROL');
    const refusal = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0CAROL');
    expect(String(refusal.params.text)).toMatch(/already approved by <@U0BOB>/);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0OUTBOX001')).toHaveLength(1);
  });

  it('applies an approval even when Slack refuses to show the decision', async () => {
    await command('run support-reply refresh fails');
    const review = await reviewMessage();
    const stop = t.slack.on('chat.update', (params) =>
      params.ts === review.params.ts ? slackError('message_not_found') : undefined,
    );
    try {
      await click(review, 'Approve', 'U0BOB');
      const posted = await t.slack.waitForCall('chat.postMessage', (p) => p.channel === 'C0OUTBOX001');
      expect(String(posted.params.text)).toContain(DRAFT.text);
    } finally {
      stop();
    }
  });

  it('rejects: the message says so and nothing is posted', async () => {
    await command('draft A customer asks about shipping', 'U0ALICE');
    const review = await reviewMessage();
    await click(review, 'Reject', 'U0BOB');
    const decided = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Rejected/.test(blocksText(p.blocks)),
    );
    expect(listButtons(decided.params.blocks)).toEqual([]);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0OUTBOX001')).toHaveLength(0);
  });

  it('makes one decision and one post from 20 concurrent Approve clicks', async () => {
    await command('run support-reply concurrent', 'U0ALICE');
    const review = await reviewMessage();
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => click(review, 'Approve', `U0CLICK${i}`)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await t.slack.waitForCall('chat.postMessage', (p) => p.channel === 'C0OUTBOX001');
    await t.slack.waitForCalls('chat.postEphemeral', 19);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === 'C0OUTBOX001')).toHaveLength(1);
  });

  it('runs the mention agent from @Coworker <agent> <text>', async () => {
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      appMentionEvent({ channel: SUPPORT, user: 'U0DAN', text: 'support-reply The package never arrived' }),
    );
    const [request] = await t.model.waitForRequests(1);
    expect(promptText(request!)).toContain('The package never arrived');
    expect(promptText(request!)).not.toContain('support-reply The package');
    const review = await reviewMessage();
    expect(blocksText(review.params.blocks)).toContain('<@U0DAN>');
  });

  it('refuses an unknown agent, listing the agents of this channel, without calling the model', async () => {
    const ack = await command('run nonexistent hello');
    expect(ack.status).toBe(200);
    expect(replyText(ack)).toMatch(/no agent called `nonexistent`/);
    expect(replyText(ack)).toContain('`support-reply`');
    expect(t.model.requests).toHaveLength(0);
  });

  it('refuses an agent in a channel it is not bound to, saying where it runs', async () => {
    const ack = await command('run support-reply hello', 'U0ALICE', 'C0GENERAL01', 'general');
    expect(replyText(ack)).toMatch(/`support-reply` does not work in #general\. It runs in #support/);
    expect(t.model.requests).toHaveLength(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it("answers help and list with this channel's agents", async () => {
    const help = await command('help');
    expect(replyText(help)).toContain('/coworker run <agent>');
    expect(replyText(help)).toContain('`support-reply`');
    const list = await command('list', 'U0ALICE', 'C0OPS000001', 'ops');
    expect(replyText(list)).toContain('weekly-update');
    expect(replyText(list)).not.toContain('support-reply');
  });

  it('rejects a request with a bad signature (401) and runs nothing', async () => {
    const body = new URLSearchParams({
      command: '/coworker',
      text: 'run support-reply x',
      user_id: 'U1',
      channel_id: SUPPORT,
    }).toString();
    const response = await sendSignedRequest(t.url, 'wrong-secret', body, 'application/x-www-form-urlencoded');
    expect(response.status).toBe(401);
    expect(t.model.requests).toHaveLength(0);
  });

  it('retries invalid model output once with the error, then fails visibly with Retry; Retry then succeeds', async () => {
    t.model.enqueue(modelToolUse('submit_artifact', { wrong: 1 }), modelToolUse('submit_artifact', { text: 42 }));
    await command('run support-reply broken');
    const failed = await t.slack.waitForCall('chat.update', (p) => String(p.text).startsWith('Run failed: '));
    expect(t.model.requests).toHaveLength(2);
    expect(JSON.stringify(t.model.requests[1]!.body.messages)).toContain('is_error');
    expect(String(failed.params.text)).toMatch(/did not fit/);

    await click(failed, 'Retry', 'U0ALICE');
    const retrying = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === failed.params.ts && /is trying again/.test(blocksText(p.blocks)),
    );
    expect(blocksText(retrying.params.blocks)).toContain('retried by <@U0ALICE>');
    const review = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === failed.params.ts && JSON.stringify(p.blocks).includes('review_approve'),
    );
    expect(blocksText(review.params.blocks)).toContain(DRAFT.text);
    // The same Retry button again is refused: the run was retried once already.
    await click(failed, 'Retry', 'U0BOB');
    const refusal = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0BOB');
    expect(String(refusal.params.text)).toMatch(/retried/);
  });

  it('rides out a Slack rate limit, and records a review Slack finally refused so /coworker status shows it', async () => {
    let limited = false;
    const stopLimiting = t.slack.on('chat.update', () => {
      if (limited) return undefined;
      limited = true;
      return slackRateLimited(1);
    });
    await command('run support-reply rate limited');
    await reviewMessage();
    stopLimiting();
    expect(limited).toBe(true);

    const stopRefusing = t.slack.on('chat.update', () => slackError('channel_not_found'));
    await command('run support-reply refused');
    await t.slack.waitForCall(
      'chat.update',
      (p, call) =>
        call.response?.error === 'channel_not_found' && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    stopRefusing();
    await expect
      .poll(async () => replyText(await command('status')), { timeout: 5000 })
      .toMatch(
        /A review of `support-reply` could not be shown in Slack: Slack refused chat.update \(channel_not_found\)/,
      );
  });

  it('tells the requester privately when it cannot post in the channel at all', async () => {
    const stop = t.slack.on('chat.postMessage', (params) =>
      params.channel === SUPPORT ? slackError('not_in_channel') : undefined,
    );
    try {
      const responseUrl = t.slack.responseUrl('not-in-channel');
      await sendCommand(t.url, SIGNING_SECRET, {
        text: 'run support-reply hello',
        user_id: 'U0ALICE',
        channel_id: SUPPORT,
        channel_name: 'support',
        response_url: responseUrl,
      });
      const told = await t.slack.waitForResponse((r) => JSON.stringify(r).includes('Run failed: '));
      expect(JSON.stringify(told)).toMatch(/not_in_channel.*\/invite @Coworker/);
    } finally {
      stop();
    }
  });

  it('honours limits.timeout and limits.max_tokens: a slow model fails the run in plain words', async () => {
    t.model.enqueue(modelDelay(5000, modelToolUse('submit_artifact', DRAFT)));
    await command('run hasty quick');
    const failed = await t.slack.waitForCall('chat.update', (p) => String(p.text).startsWith('Run failed: '), 4000);
    expect(String(failed.params.text)).toMatch(/took longer than its limit of 1s \(limits\.timeout\)/);
    expect(t.model.requests[0]?.body.max_tokens).toBe(300);
  });

  it('reports a model error in plain words with Retry, and stays healthy', async () => {
    t.model.respondWith(() => ({
      status: 500,
      body: { type: 'error', error: { type: 'api_error', message: 'boom' } },
    }));
    await command('run support-reply model down');
    const failed = await t.slack.waitForCall('chat.update', (p) => String(p.text).startsWith('Run failed: '));
    expect(String(failed.params.text)).toMatch(/server error/);
    expect(findButton(failed.params.blocks, 'Retry').action_id).toBe('run_retry');
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('shows every member the scorecard in App Home, with the invalid specs', async () => {
    await t.writeAgent('broken.yaml', 'channels: ["#support"]\ninstructions: x\nartifact:\n  type: tabel\n');
    await t.writeAgent('ghost.yaml', 'channels: ["#nowhere"]\ninstructions: x\nartifact:\n  type: message\n');
    await expect
      .poll(async () => replyText(await command('status')), { timeout: 5000 })
      .toMatch(/1 spec file\(s\) are invalid/);
    // The channel check runs in the background after a reload: open Home until it shows.
    let home = '';
    await expect
      .poll(
        async () => {
          const since = t.slack.calls.length;
          await sendEvent(t.url, SIGNING_SECRET, appHomeOpenedEvent('U0ANYONE'));
          const published = await t.slack.waitForCall(
            'views.publish',
            (p, call) => p.user_id === 'U0ANYONE' && t.slack.calls.indexOf(call) >= since,
          );
          home = blocksText((published.params.view as { blocks: unknown[] }).blocks);
          return home;
        },
        { timeout: 5000 },
      )
      .toMatch(/ghost\.yaml: channels\[0\]: there is no channel "#nowhere"/);
    expect(home).toContain('support-reply');
    expect(home).toMatch(/\*Runs\*\n\d+/);
    expect(home).toMatch(/\*Approval rate\*\n\d+% \(\d+\/\d+\)/);
    expect(home).toMatch(/\*Failures\*\n[1-9]/);
    expect(home).toMatch(/broken\.yaml:4: artifact\.type/);
  });
});
