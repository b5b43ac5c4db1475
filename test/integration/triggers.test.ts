import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { promptText } from '../support/fake-anthropic.js';
import { messageEvent, sendCommand, sendEvent } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const SUPPORT = 'C0SUPPORT01';
const OPS = 'C0OPS000001';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'lead-catcher.yaml': `
channels: ["#support"]
instructions: Qualify the lead.
triggers:
  message: { match: "new lead", flags: "i" }
context:
  history: 5
artifact: { type: message }
`,
      'ticker.yaml': `
channels: ["#ops"]
instructions: Say the time.
triggers:
  schedule:
    - cron: "* * * * * *"
      input: "tick"
artifact: { type: message }
`,
    },
    slack: { users: [{ id: 'U0EARLIER', display_name: 'Erin Early' }] },
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => ({ text: 'Noted.' });
});

/** Model requests of the message-triggered agent (the ticker fires every second alongside). */
function leadRequests() {
  return t.model.requests.filter((r) => promptText(r).includes('Qualify the lead.'));
}

async function listText(channel = SUPPORT, name = 'support'): Promise<string> {
  return String(((await listCommand(channel, name)).json as { text?: string } | undefined)?.text ?? '');
}

function listCommand(channel = SUPPORT, name = 'support') {
  return sendCommand(t.url, SIGNING_SECRET, {
    text: 'list',
    user_id: 'U0ALICE',
    channel_id: channel,
    channel_name: name,
    response_url: t.slack.responseUrl(),
  });
}

describe('message triggers', () => {
  it('runs on a matching human message, reviews in its thread with the channel history as quoted data, once per event id', async () => {
    t.slack.addMessage(SUPPORT, { user: 'U0EARLIER', text: 'Earlier chatter about pricing' });
    const event = messageEvent({ channel: SUPPORT, user: 'U0SALES', text: 'NEW LEAD: Acme wants 50 seats' });
    const first = await sendEvent(t.url, SIGNING_SECRET, event);
    await sendEvent(t.url, SIGNING_SECRET, event, {
      event_id: first.eventId,
      retryNum: 1,
      retryReason: 'http_timeout',
    });

    const review = await t.slack.waitForCall(
      'chat.update',
      (p) => p.channel === SUPPORT && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    const working = t.slack.callsTo('chat.postMessage').find((c) => c.response?.ts === review.params.ts);
    expect(working?.params.thread_ts).toBe(event.ts);
    const [request] = leadRequests();
    expect(promptText(request!)).toContain('<input>\nNEW LEAD: Acme wants 50 seats');
    expect(promptText(request!)).toMatch(
      /<channel_history>[\s\S]*<message user="Erin Early">Earlier chatter about pricing<\/message>[\s\S]*<\/channel_history>/,
    );
    expect(leadRequests()).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.params.channel === SUPPORT)).toHaveLength(1);
  });

  it('ignores non-matching messages, bot messages and edits', async () => {
    await sendEvent(t.url, SIGNING_SECRET, messageEvent({ channel: SUPPORT, user: 'U0SALES', text: 'lunch?' }));
    await sendEvent(t.url, SIGNING_SECRET, {
      ...messageEvent({ channel: SUPPORT, user: 'U0SALES', text: 'new lead from a bot' }),
      bot_id: 'B0ZAP',
    });
    await sendEvent(t.url, SIGNING_SECRET, {
      ...messageEvent({ channel: SUPPORT, user: 'U0SALES', text: 'new lead edited' }),
      subtype: 'message_changed',
    });
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      messageEvent({ channel: 'C0GENERAL01', user: 'U0SALES', text: 'new lead in the wrong channel' }),
    );
    // A matching message afterwards proves the earlier ones were processed and ignored.
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      messageEvent({ channel: SUPPORT, user: 'U0SALES', text: 'new lead: Initech' }),
    );
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.channel === SUPPORT && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    expect(leadRequests()).toHaveLength(1);
    expect(promptText(leadRequests()[0]!)).toContain('Initech');
  });
});

describe('schedules', () => {
  it('fires every slot once, in the bound channel, and /coworker list shows the next time', async () => {
    const runs = await t.slack.waitForCalls('chat.postMessage', 2, (p) => p.channel === OPS, 6000);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    const db = await t.database.open().catch(() => undefined);
    // PGlite is held by the app; on PostgreSQL check the slots directly.
    if (db && t.database.kind === 'postgres') {
      const slots = await db
        .selectFrom('schedule_slots')
        .select(['slot', 'run_id'])
        .where('job', '=', 'ticker#0')
        .execute();
      const times = slots.map((s) => new Date(s.slot).getTime());
      expect(new Set(times).size).toBe(times.length);
      expect(slots.every((s) => s.run_id !== null)).toBe(true);
      await db.destroy();
    }
    expect(t.model.requests.some((r) => promptText(r).includes('<input>\ntick'))).toBe(true);
    expect(await listText(OPS, 'ops')).toMatch(/schedule `\* \* \* \* \* \*`, next <!date\^\d+/);
  });
});

describe('spec reload', () => {
  it('picks up an added, changed and removed spec without a restart', async () => {
    await t.writeAgent('late-arrival.yaml', 'channels: ["#support"]\ninstructions: Hi.\nartifact: { type: message }\n');
    await waitFor(async () => (await listText()).includes('late-arrival'));
    await t.writeAgent('late-arrival.yaml', 'channels: ["#ops"]\ninstructions: Hi.\nartifact: { type: message }\n');
    await waitFor(
      async () => !(await listText()).includes('late-arrival') && (await listText(OPS, 'ops')).includes('late-arrival'),
    );
    await rm(path.join(t.agentsDir, 'late-arrival.yaml'));
    await waitFor(async () => !(await listText(OPS, 'ops')).includes('late-arrival'));
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
