import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blocksText, findButton } from '../support/find-button.js';
import { sendBlockAction, sendCommand, sendViewSubmission, viewStateFromView } from '../support/slack-requests.js';
import { type RecordedMessage, SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

/*
 * Requests that carry a valid signature but were never what Slack would send for what the app
 * showed: each is refused, and nothing changes.
 */

const SUPPORT = 'C0SUPPORT01';
const OPS = 'C0OPS000001';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'two-approvals.yaml':
        'channels: ["#support"]\ninstructions: Draft.\nartifact: { type: message }\nreview: { quorum: 2 }\n',
      'quick-draft.yaml': 'channels: ["#support"]\ninstructions: Draft.\nartifact: { type: message }\n',
      'once-only.yaml': 'channels: ["#general"]\ninstructions: Draft.\nartifact: { type: message }\n',
      'short-lived.yaml':
        'channels: ["#support"]\ninstructions: Draft.\nartifact: { type: message }\nreview: { expires_after: 1s }\n',
    },
    env: { COWORKER_SWEEP_MS: '200' },
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => ({ text: 'A careful draft.' });
});

async function ephemeralTo(user: string, channel: string): Promise<string> {
  return String(
    (await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === user && p.channel === channel)).params.text,
  );
}

function updatesOf(message: RecordedMessage): number {
  return t.slack.callsTo('chat.update').filter((c) => c.params.ts === message.params.ts).length;
}

/** Presses `text` of `review`, but claims it was pressed on the message `where`. */
function forgedClick(
  review: RecordedMessage,
  text: string,
  user: string,
  where: { channel: string; message_ts: string; thread_ts?: string },
) {
  return sendBlockAction(t.url, SIGNING_SECRET, {
    user,
    ...where,
    action: findButton(review.params.blocks, text),
    trigger_id: `forged-${user}`,
  });
}

describe('clicks', () => {
  it('refuses review buttons pressed on a message in another channel, or on another message, and changes nothing', async () => {
    const review = await t.runAgent('two-approvals');
    const opsMessage = t.slack.addMessage('#ops', { user: 'U0MALLORY', text: 'nothing to see' });
    const elsewhere = [
      { channel: OPS, message_ts: opsMessage },
      // The right channel, but a message that is not this review (a reply in its thread).
      { channel: SUPPORT, message_ts: t.slack.nextTs(), thread_ts: String(review.params.ts) },
    ];
    for (const [i, where] of elsewhere.entries()) {
      for (const button of ['Approve', 'Reject', 'Edit']) {
        const user = `U0MALLORY${i}${button.toUpperCase()}`;
        expect((await forgedClick(review, button, user, where)).status).toBe(200);
        expect(await ephemeralTo(user, where.channel)).toMatch(
          /does not belong to the message it was pressed on.*nothing was changed/i,
        );
      }
    }
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(updatesOf(review)).toBe(1);

    // No forged approval or rejection was recorded: the first real approval is the first one.
    await t.click(review, 'Approve', 'U0BOB');
    expect(await ephemeralTo('U0BOB', SUPPORT)).toMatch(/1 of 2 approvals/);
  });

  it('refuses Re-run and Retry pressed on a message in another channel', async () => {
    t.model.respondWith(() => ({
      status: 500,
      body: { type: 'error', error: { type: 'api_error', message: 'boom' } },
    }));
    await t.command('run quick-draft fails');
    const failed = await t.slack.waitForCall('chat.update', (p) => String(p.text).startsWith('Run failed: '));
    const opsMessage = t.slack.addMessage('#ops', { user: 'U0MALLORY', text: 'nothing to see' });
    await forgedClick(failed, 'Retry', 'U0MALLORY', { channel: OPS, message_ts: opsMessage });
    expect(await ephemeralTo('U0MALLORY', OPS)).toMatch(/does not belong to the message it was pressed on/);
    expect(t.model.requests).toHaveLength(1);
    expect(updatesOf(failed)).toBe(1); // the failure: no retry took its message over

    // The real button still works.
    t.model.respondWith(undefined);
    await t.click(failed, 'Retry', 'U0ALICE');
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === failed.params.ts && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );

    const review = await t.runAgent('short-lived');
    const expired = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && JSON.stringify(p.blocks ?? []).includes('review_rerun'),
      5000,
    );
    await forgedClick(expired, 'Re-run', 'U0MALLORY2', { channel: OPS, message_ts: opsMessage });
    expect(await ephemeralTo('U0MALLORY2', OPS)).toMatch(/does not belong to the message it was pressed on/);
    // A review is re-run once: had the forged click counted, this one would be refused.
    await t.click(expired, 'Re-run', 'U0ALICE');
    await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === review.params.ts && /is working on it/.test(String(p.text)),
    );
    expect(t.slack.callsTo('chat.postEphemeral').filter((c) => c.params.user === 'U0ALICE')).toHaveLength(0);
  });
});

describe('edit submissions', () => {
  async function openEdit(review: RecordedMessage, user: string) {
    await t.click(review, 'Edit', user, { trigger_id: `trig-${user}` });
    const opened = await t.slack.waitForCall('views.open', (p) => p.trigger_id === `trig-${user}`);
    const view = opened.params.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    return { ...view, id: String((opened.response?.view as { id?: unknown } | undefined)?.id) };
  }

  function submit(view: Awaited<ReturnType<typeof openEdit>>, user: string, viewId: string) {
    const block = (view.blocks as Array<{ block_id?: string; element?: { type?: string } }>).find(
      (b) => b.element?.type === 'plain_text_input',
    );
    const state = viewStateFromView(view, { [String(block?.block_id)]: 'Forged text: wire the money.' });
    return sendViewSubmission(t.url, SIGNING_SECRET, {
      user,
      view: { id: viewId, callback_id: view.callback_id, private_metadata: view.private_metadata, state },
    });
  }

  it('refuses a view the app never opened, or one opened for someone else, and approves nothing', async () => {
    const review = await t.runAgent('quick-draft');
    const view = await openEdit(review, 'U0BOB');
    expect(view.id).toMatch(/^V/);

    for (const [user, viewId] of [
      ['U0BOB', 'V0NEVEROPENED'],
      ['U0MALLORY', view.id],
    ] as const) {
      const response = await submit(view, user, viewId);
      const body = JSON.parse(response.body) as { response_action: string; view: { blocks: unknown[] } };
      expect(body.response_action).toBe('update');
      expect(blocksText(body.view.blocks)).toMatch(/not opened by Coworker for you.*nothing was changed/i);
    }
    expect(updatesOf(review)).toBe(1);
    expect(
      t.slack.callsTo('chat.postMessage').filter((c) => /wire the money/.test(JSON.stringify(c.params))),
    ).toHaveLength(0);

    // The view that was opened, submitted by the person it was opened for, works.
    expect((await submit(view, 'U0BOB', view.id)).body).toBe('');
    const decided = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved with edits/.test(blocksText(p.blocks)),
    );
    expect(blocksText(decided.params.blocks)).toContain('wire the money');
  });
});

describe('slash commands', () => {
  it('refuses a request timestamp more than 5 minutes in the future with 401, like a stale one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const input = {
      text: 'run quick-draft from the future',
      user_id: 'U0ALICE',
      channel_id: SUPPORT,
      channel_name: 'support',
    };
    expect((await sendCommand(t.url, SIGNING_SECRET, input, { timestamp: now + 6 * 60 })).status).toBe(401);
    expect((await sendCommand(t.url, SIGNING_SECRET, input, { timestamp: now - 6 * 60 })).status).toBe(401);
    // Ordinary clock skew is fine.
    expect((await sendCommand(t.url, SIGNING_SECRET, { ...input, text: 'help' }, { timestamp: now + 60 })).status).toBe(
      200,
    );
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(t.model.requests).toHaveLength(0);
  });

  it('runs the same command (same trigger_id) delivered twice once', async () => {
    const input = {
      text: 'run once-only twice?',
      user_id: 'U0ALICE',
      channel_id: 'C0GENERAL01',
      channel_name: 'general',
      trigger_id: 'trig-delivered-twice',
      response_url: t.slack.responseUrl(),
    };
    expect((await sendCommand(t.url, SIGNING_SECRET, input)).status).toBe(200);
    const again = await sendCommand(t.url, SIGNING_SECRET, input);
    expect(again.status).toBe(200);
    expect(again.body).toBe('');
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.channel === 'C0GENERAL01' && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    // A run is recorded before its command is acknowledged: a second one would show here.
    const status = await t.command('status', { channel: { id: 'C0GENERAL01', name: 'general' } });
    const text = String((status.json as { text?: unknown }).text);
    expect(text).toContain('Running: nothing');
    expect(text).toContain('Waiting for review: `once-only` ×1');
    expect(t.model.requests).toHaveLength(1);
  });
});

describe('connections', () => {
  it('keeps an idle connection open longer than a load balancer in front would (65 s), so a reused one is not reset', async () => {
    const response = await fetch(`${t.url.replace(/\/+$/, '')}/healthz`);
    await response.text();
    expect(response.headers.get('keep-alive')).toBe('timeout=65');
  });
});
