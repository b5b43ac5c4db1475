import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollUntil } from '../support/app-process.js';
import { factFile } from '../support/fact-file.js';
import { systemText } from '../support/fake-anthropic.js';
import { blocksText, listButtons } from '../support/find-button.js';
import { messageEvent, sendEvent } from '../support/slack-requests.js';
import { type RecordedMessage, SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const SUPPORT = 'C0SUPPORT01';
const OWNERS = ['U0LEAD', 'U0LEAD2'];

let t: TestApp;
/** What the extraction model answers for the next reply. */
let instruction = '';
let contradicts = 'refund-policy';

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'support-reply.yaml': `
channels: ["#support"]
instructions: Draft a reply to the customer.
context: { knowledge: [refund-policy] }
artifact: { type: message }
`,
      'pricing-reply.yaml': `
channels: ["#support"]
instructions: Quote a price.
context: { knowledge: [price-list] }
artifact: { type: message }
`,
    },
    facts: {
      'price-list.md': factFile('Price list', '@nobody-here', undefined, 'Basic costs 10 EUR.'),
      'refund-policy.md': factFile(
        'Refund policy',
        '@support-leads',
        undefined,
        'Refunds are possible within 30 days of purchase.',
      ),
    },
    slack: { usergroups: [{ id: 'S0LEADS', handle: 'support-leads', users: OWNERS }] },
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  contradicts = 'refund-policy';
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = (_request, tool) =>
    tool.name === 'record_correction'
      ? { target: null, kind: 'fact', instruction, contradicts, conflict: 'The policy says 30 days.' }
      : { text: 'You can get a refund within 30 days.' };
});

function listCorrections(agent: string) {
  return t.command(`corrections ${agent}`, { user: 'U0BOB' }).then((r) => (r.json as { blocks: unknown[] }).blocks);
}

function lastPrompt(): string {
  const runs = t.model.requests.filter((r) => JSON.stringify(r.body.tool_choice ?? {}).includes('submit_artifact'));
  return systemText(runs.at(-1)!);
}

/** A review, a reply to it that contradicts the fact, and what the thread and each owner were sent. */
async function dispute(sentence: string) {
  instruction = sentence;
  const review = await t.runAgent('support-reply');
  const threadTs = String(review.params.ts);
  await sendEvent(
    t.url,
    SIGNING_SECRET,
    messageEvent({ channel: SUPPORT, user: 'U0BOB', text: `No: ${sentence}`, thread_ts: threadTs }),
  );
  const ack = await t.slack.waitForCall(
    'chat.postMessage',
    (p) => p.thread_ts === threadTs && blocksText(p.blocks).includes('This contradicts'),
  );
  const [first, second] = await Promise.all(
    OWNERS.map((owner) =>
      t.slack.waitForCall(
        'chat.postMessage',
        (p) => p.channel === `D${owner.slice(1)}` && blocksText(p.blocks).includes(`No: ${sentence}`),
      ),
    ),
  );
  if (!first || !second) throw new Error('expected a card for each owner');
  const cards: [RecordedMessage, RecordedMessage] = [first, second];
  await cardsStored(cards);
  return { threadTs, ack, cards };
}

/**
 * Until the app has stored where its cards are: it does so once Slack answered each post, and a
 * click on a card it has not stored yet is refused (no person clicks within those milliseconds).
 * On PostgreSQL that insert may still be on its way on another connection when the click's
 * reads run; the embedded database takes the app's statements in order, the insert first.
 */
async function cardsStored(cards: RecordedMessage[]): Promise<void> {
  if (t.database.kind !== 'postgres') return;
  const db = await t.database.open();
  const wanted = cards.map((c) => String(c.response?.ts));
  let stored = 0;
  try {
    await pollUntil(
      async () => {
        stored = (await db.selectFrom('owner_cards').select('ts').where('ts', 'in', wanted).execute()).length;
        return stored === wanted.length;
      },
      5_000,
      () => `the app stored ${stored} of ${wanted.length} owner cards`,
    );
  } finally {
    await db.destroy();
  }
}

function cardUpdate(card: RecordedMessage) {
  return t.slack.waitForCall('chat.update', (p) => p.ts === card.response?.ts && p.channel === card.params.channel);
}

function threadLine(threadTs: string, pattern: RegExp) {
  return t.slack.waitForCall(
    'chat.postMessage',
    (p) => p.thread_ts === threadTs && p.blocks === undefined && pattern.test(String(p.text)),
  );
}

describe('disputes: a correction that contradicts a team fact', () => {
  it('is held for the owner, given to no run, refused to anyone else, and retired when the owner keeps the fact', async () => {
    const sentence = 'Say refunds are possible within 60 days.';
    const { threadTs, ack, cards } = await dispute(sentence);
    expect(blocksText(ack.params.blocks)).toContain(
      'This contradicts *Refund policy*, owned by @support-leads: I asked them to settle it. Until then the agent follows the fact.',
    );
    expect(listButtons(ack.params.blocks).map((b) => b.label)).toEqual(['Not a correction']);
    // The extraction was shown the fact and asked which one the reply contradicts.
    const extraction = t.model.requests.find((r) =>
      JSON.stringify(r.body.tool_choice ?? {}).includes('record_correction'),
    );
    expect(JSON.stringify(extraction?.body.messages)).toContain('Refunds are possible within 30 days of purchase.');
    expect(JSON.stringify(extraction?.body.tools)).toContain('contradicts');

    const card = cards[0];
    const text = blocksText(card.params.blocks);
    for (const part of [
      'Refund policy',
      'Refunds are possible within 30 days',
      sentence,
      '<@U0BOB>',
      '`support-reply`',
      'The policy says 30 days.',
    ])
      expect(text).toContain(part);
    expect(text).toMatch(/<https:\/\/team\.slack\.com\/archives\/C0SUPPORT01\/p\d+\|a review>/);
    expect(listButtons(card.params.blocks).map((b) => b.label)).toEqual([
      'Keep the fact',
      'The correction is right',
      'Both true',
    ]);

    // No run gets it while it is disputed; the review marks the fact as disputed.
    const next = await t.runAgent('support-reply');
    expect(lastPrompt()).not.toContain(sentence);
    expect(blocksText(next.params.blocks)).toContain('⚠ Refund policy (disputed');

    // Someone who is not an owner cannot settle it.
    await t.click(card, 'Keep the fact', 'U0BOB');
    const refusal = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0BOB');
    expect(String(refusal.params.text)).toContain('Only the owner of *Refund policy*, @support-leads, can settle');
    expect(t.slack.callsTo('chat.update').filter((c) => c.params.ts === card.response?.ts)).toEqual([]);

    await t.click(card, 'Keep the fact', 'U0LEAD');
    for (const c of cards) {
      const updated = await cardUpdate(c);
      expect(listButtons(updated.params.blocks)).toEqual([]);
      expect(blocksText(updated.params.blocks)).toContain('<@U0LEAD> kept the fact *Refund policy*');
    }
    const ackUpdate = await t.slack.waitForCall('chat.update', (p) => p.ts === ack.response?.ts);
    expect(listButtons(ackUpdate.params.blocks)).toEqual([]);
    await threadLine(threadTs, /^<@U0BOB>: <@U0LEAD> kept \*Refund policy\* as it is, so your correction is retired/);

    const after = await t.runAgent('support-reply');
    expect(lastPrompt()).not.toContain(sentence);
    expect(blocksText(after.params.blocks)).toContain('Sources: Refund policy (verified today)');
  });

  it('Both true: later runs get it, marked as an exception to the fact', async () => {
    const sentence = 'Pro customers may get a refund within 60 days.';
    const { threadTs, cards } = await dispute(sentence);
    await t.click(cards[1], 'Both true', 'U0LEAD2');
    const updated = await cardUpdate(cards[0]);
    expect(blocksText(updated.params.blocks)).toContain('follows the correction as an exception to *Refund policy*');
    expect(blocksText(updated.params.blocks)).toContain('Both true');
    await threadLine(threadTs, /exception to \*Refund policy\*/);
    await t.runAgent('support-reply');
    expect(lastPrompt()).toMatch(new RegExp(`exception_to="refund-policy">${sentence}</correction>`));
  });

  it('settles once when two owners press at once; the other is told who settled it how', async () => {
    const sentence = 'Refunds need a receipt, whatever the date.';
    const { threadTs, cards } = await dispute(sentence);
    await Promise.all([t.click(cards[0], 'Keep the fact', 'U0LEAD'), t.click(cards[1], 'Both true', 'U0LEAD2')]);
    const told = await t.slack.waitForCall('chat.postEphemeral', (p) => OWNERS.includes(String(p.user)));
    expect(String(told.params.text)).toMatch(/settled already: <@U0LEAD2?> chose \*(Keep the fact|Both true)\*/);
    await threadLine(threadTs, /Refund policy/);
    // Give a second settlement every chance to show itself before counting.
    await t.runAgent('support-reply');
    expect(
      t.slack.callsTo('chat.postMessage').filter((c) => c.params.thread_ts === threadTs && !c.params.blocks),
    ).toHaveLength(1);
    expect(t.slack.callsTo('chat.postEphemeral')).toHaveLength(1);
  });

  it('The correction is right: later runs get it, and the fact is marked as needing a change', async () => {
    const sentence = 'Say refunds are possible within 45 days.';
    const { threadTs, ack, cards } = await dispute(sentence);
    await t.click(cards[0], 'The correction is right', 'U0LEAD');
    await cardUpdate(cards[1]);
    const ackUpdate = await t.slack.waitForCall('chat.update', (p) => p.ts === ack.response?.ts);
    expect(listButtons(ackUpdate.params.blocks).map((b) => b.label)).toEqual(['Revise', 'Not a correction']);
    await threadLine(
      threadTs,
      /correction right: `support-reply` follows it from its next run, and \*Refund policy\* is marked as needing a change/,
    );
    const review = await t.runAgent('support-reply');
    expect(lastPrompt()).toContain(`overrides="refund-policy">${sentence}</correction>`);
    expect(blocksText(review.params.blocks)).toContain('⚠ Refund policy (disputed');
  });

  it("Not a correction closes the dispute: the owners' cards say so and nothing is left to settle", async () => {
    const sentence = 'Refunds are possible for a year.';
    const { ack, cards } = await dispute(sentence);
    expect(blocksText(await listCorrections('support-reply'))).toContain('1 disputed)');
    expect(blocksText(await listCorrections('support-reply'))).toContain(
      'disputed: waiting for the owner of `refund-policy`',
    );
    await t.click(ack, 'Not a correction', 'U0BOB');
    for (const c of cards) {
      const updated = await cardUpdate(c);
      expect(listButtons(updated.params.blocks)).toEqual([]);
      expect(blocksText(updated.params.blocks)).toContain('<@U0BOB> retired the correction');
    }
    await t.click(cards[0], 'Both true', 'U0LEAD');
    const told = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0LEAD');
    expect(String(told.params.text)).toContain('retired by <@U0BOB> before it was settled');
    await t.runAgent('support-reply');
    expect(lastPrompt()).not.toContain(sentence);
  });

  it('stays disputed when its owner cannot be reached, and the thread says so', async () => {
    contradicts = 'price-list';
    instruction = 'Basic costs 12 EUR.';
    const review = await t.runAgent('pricing-reply');
    const threadTs = String(review.params.ts);
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      messageEvent({ channel: SUPPORT, user: 'U0BOB', text: 'No, 12 EUR.', thread_ts: threadTs }),
    );
    await t.slack.waitForCall('chat.update', (p) =>
      blocksText(p.blocks).includes('This contradicts *Price list*, owned by @nobody-here, but I could not reach them'),
    );
    expect(t.slack.callsTo('chat.postMessage').filter((c) => String(c.params.channel).startsWith('D'))).toEqual([]);
    expect(blocksText(await listCorrections('pricing-reply'))).toContain(
      'disputed: waiting for the owner of `price-list`',
    );
    await t.runAgent('pricing-reply');
    expect(lastPrompt()).not.toContain('12 EUR');
  });
});
