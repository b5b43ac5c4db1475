import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelError, promptText, systemText } from '../support/fake-anthropic.js';
import { blocksText, findButton, listButtons } from '../support/find-button.js';
import { messageEvent, sendBlockAction, sendCommand, sendEvent } from '../support/slack-requests.js';
import { type RecordedMessage, SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const SUPPORT = 'C0SUPPORT01';
const SENTENCE = 'Always quote prices in euros, never in dollars.';

const spec = (extra = '') => `
channels: ["#support"]
instructions: Draft a reply.
artifact: { type: document }
${extra}`;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ agents: { 'pricing-reply.yaml': spec(), 'other-agent.yaml': spec() } });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = (_request, tool) =>
    tool.name === 'record_correction'
      ? { target: 'section 1', kind: 'fact', instruction: SENTENCE }
      : { title: 'Pricing', sections: [{ heading: 'Price', body: 'It costs $10.' }] };
});

/** Runs the agent and waits for its own review message (not an earlier one). */
function runAgent(agent: string) {
  return t.runAgent(agent, { input: 'What does it cost?' });
}

async function reply(threadTs: string, text: string, extra: Record<string, unknown> = {}) {
  return sendEvent(t.url, SIGNING_SECRET, {
    ...messageEvent({ channel: SUPPORT, user: 'U0BOB', text, thread_ts: threadTs }),
    ...extra,
  });
}

function click(call: RecordedMessage, text: string, user = 'U0BOB') {
  return t.click(call, text, user);
}

function modelRequestsFor(tool: string) {
  return t.model.requests.filter((r) => JSON.stringify(r.body.tool_choice ?? {}).includes(tool));
}

describe('corrections', () => {
  it('turns a thread reply into a structured correction used by later runs of that agent only, until retired', async () => {
    const review = await runAgent('pricing-reply');
    const threadTs = String(review.params.ts);
    await reply(threadTs, 'No! We sell in Europe. Use euros.');

    const ack = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === threadTs && JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );
    expect(blocksText(ack.params.blocks)).toContain(SENTENCE);
    expect(blocksText(ack.params.blocks)).toContain('fact · section 1');
    expect(listButtons(ack.params.blocks).map((b) => b.label)).toEqual(['Revise', 'Not a correction']);
    const [extraction] = modelRequestsFor('record_correction');
    expect(extraction?.body.model).toBe('claude-haiku-4-5');
    expect(promptText(extraction!)).toContain('No! We sell in Europe. Use euros.');

    // The same agent's next run gets it, presented as reviewers' corrections; the review says so.
    const second = await runAgent('pricing-reply');
    const artifactRequests = modelRequestsFor('submit_artifact');
    expect(systemText(artifactRequests.at(-1)!)).toContain(SENTENCE);
    expect(blocksText(second.params.blocks)).toMatch(/shaped by 1 correction/);

    // Another agent never sees it.
    await runAgent('other-agent');
    expect(systemText(modelRequestsFor('submit_artifact').at(-1)!)).not.toContain(SENTENCE);

    // /coworker corrections lists it with its use count and a Retire button.
    const list = await sendCommand(t.url, SIGNING_SECRET, {
      text: 'corrections pricing-reply',
      user_id: 'U0BOB',
      channel_id: SUPPORT,
      channel_name: 'support',
      response_url: t.slack.responseUrl(),
    });
    const listed = list.json as { blocks: unknown[] };
    expect(blocksText(listed.blocks)).toContain(SENTENCE);
    expect(blocksText(listed.blocks)).toMatch(/used in 1 run\b/);

    // Retire it: later runs no longer get it.
    await sendBlockAction(t.url, SIGNING_SECRET, {
      user: 'U0BOB',
      channel: SUPPORT,
      message_ts: '1.1',
      ephemeral: true,
      action: findButton(listed.blocks, 'Retire'),
    });
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === ack.response?.ts && /Retired by <@U0BOB>/.test(blocksText(p.blocks)),
    );
    await runAgent('pricing-reply');
    expect(systemText(modelRequestsFor('submit_artifact').at(-1)!)).not.toContain(SENTENCE);
  });

  it('Revise posts version 2 in the same thread and refuses the buttons of version 1', async () => {
    const v1 = await runAgent('pricing-reply');
    const threadTs = String(v1.params.ts);
    await reply(threadTs, 'Prices are in euros.');
    const ack = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === threadTs && JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );

    t.model.toolInput = (_r, tool) =>
      tool.name === 'record_correction'
        ? { target: null, kind: 'fact', instruction: SENTENCE }
        : { title: 'Pricing', sections: [{ heading: 'Price', body: 'It costs €10.' }] };
    // Two people press Revise at once: one revision.
    await Promise.all([click(ack, 'Revise'), click(ack, 'Revise', 'U0DAVE')]);
    const again = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0DAVE' || p.user === 'U0BOB');
    expect(String(again.params.text)).toMatch(/already/);
    const v2 = await t.slack.waitForCall(
      'chat.update',
      (p) =>
        p.ts !== threadTs && /€10/.test(blocksText(p.blocks)) && JSON.stringify(p.blocks).includes('review_approve'),
    );
    const working = t.slack.callsTo('chat.postMessage').find((c) => c.response?.ts === v2.params.ts);
    expect(working?.params.thread_ts).toBe(threadTs);
    expect(blocksText(v2.params.blocks)).toMatch(/version 2|v2/i);
    expect(systemText(modelRequestsFor('submit_artifact').at(-1)!)).toContain(SENTENCE);

    const superseded = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === threadTs && /Superseded/.test(blocksText(p.blocks)),
    );
    expect(listButtons(superseded.params.blocks)).toEqual([]);
    await click(v1, 'Approve', 'U0CAROL');
    const refusal = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0CAROL');
    expect(String(refusal.params.text)).toMatch(/version 1, which a newer version replaced/);
    expect(modelRequestsFor('submit_artifact')).toHaveLength(2);

    // Another round: a reply now corrects version 2, and its Revise makes version 3.
    const since = t.slack.calls.length;
    await reply(threadTs, 'Also give the yearly price.');
    const secondAck = await t.slack.waitForCall(
      'chat.postMessage',
      (p, call) =>
        t.slack.calls.indexOf(call) >= since &&
        p.thread_ts === threadTs &&
        JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );
    await click(secondAck, 'Revise');
    await t.slack.waitForCall('chat.update', (p) => p.ts === v2.params.ts && /Superseded/.test(blocksText(p.blocks)));
    const v3 = await t.slack.waitForCall(
      'chat.update',
      (p) => JSON.stringify(p.blocks ?? []).includes('review_approve') && /version 3/i.test(blocksText(p.blocks)),
    );
    expect(t.slack.callsTo('chat.postMessage').find((c) => c.response?.ts === v3.params.ts)?.params.thread_ts).toBe(
      threadTs,
    );
  });

  it('a Retry of a failed revision still makes version 2 of the same review', async () => {
    const v1 = await runAgent('pricing-reply');
    const threadTs = String(v1.params.ts);
    await reply(threadTs, 'Prices are in euros.');
    const ack = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === threadTs && JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );
    t.model.enqueue(modelError(500));
    await click(ack, 'Revise');
    const failed = await t.slack.waitForCall('chat.update', (p) => String(p.text).startsWith('Run failed: '));
    await click(failed, 'Retry');
    const v2 = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === failed.params.ts && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    expect(blocksText(v2.params.blocks)).toMatch(/version 2/);
    await t.slack.waitForCall('chat.update', (p) => p.ts === threadTs && /Superseded/.test(blocksText(p.blocks)));
  });

  it('keeps the raw reply as the instruction when extraction fails', async () => {
    const review = await runAgent('pricing-reply');
    t.model.respondWith((request) =>
      JSON.stringify(request.body.tool_choice).includes('record_correction') ? modelError(500) : undefined,
    );
    await reply(String(review.params.ts), 'Too formal, loosen up a bit');
    const ack = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === review.params.ts && JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );
    expect(blocksText(ack.params.blocks)).toContain('Too formal, loosen up a bit');
    expect(blocksText(ack.params.blocks)).toMatch(/as you wrote it/);
  });

  it('ignores bot messages, edits, mentions of the app, redeliveries and replies outside review threads', async () => {
    const review = await runAgent('pricing-reply');
    const before = t.model.requests.length;
    await reply(String(review.params.ts), 'from a bot', { bot_id: 'B0OTHER' });
    await reply(String(review.params.ts), 'edited', { subtype: 'message_changed' });
    await reply('1700000000.999999', 'a thread that is not a review');
    await reply(String(review.params.ts), '<@UBOT> pricing-reply run again please');
    // A real correction, delivered twice, proves the listener ran, ignored the ones above, and stores a reply once.
    const warranty = messageEvent({
      channel: SUPPORT,
      user: 'U0BOB',
      text: 'Mention the warranty.',
      thread_ts: String(review.params.ts),
    });
    const delivered = await sendEvent(t.url, SIGNING_SECRET, warranty);
    await sendEvent(t.url, SIGNING_SECRET, warranty, {
      event_id: delivered.eventId,
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === review.params.ts && JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );
    expect(t.model.requests.length - before).toBe(1);
    expect(
      t.slack
        .callsTo('chat.postMessage')
        .filter((c) => JSON.stringify(c.params.blocks ?? []).includes('correction_revise')),
    ).toHaveLength(1);
  });
});
