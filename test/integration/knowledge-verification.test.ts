import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { factFile } from '../support/fact-file.js';
import type { SlackCall } from '../support/fake-slack.js';
import { blocksText, listButtons } from '../support/find-button.js';
import { sendViewSubmission } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

/*
 * Team facts falling due: their owners asked in a DM (once per period, across replicas), and
 * what Verify and Needs a change do to the cards and to the reviews naming the fact.
 */

const fact = factFile;

const REFUNDS = fact('Refund policy', 'U0OWNER', '3s', 'Refunds are possible within 30 days of purchase.');
const PRICES = fact('Price list', '@support-leads', '3s', 'Basic costs 10 EUR a month.');
const SHIPPING = fact('Shipping times', 'U0OWNER', '3s', 'Parcels arrive within 3 days.');

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'support-reply.yaml': `
channels: ["#support"]
instructions: Draft a reply to the customer.
context: { knowledge: [refund-policy, price-list] }
artifact: { type: message }
`,
    },
    facts: { 'refund-policy.md': REFUNDS, 'price-list.md': PRICES, 'shipping.md': SHIPPING },
    env: { COWORKER_SWEEP_MS: '100' },
    slack: { usergroups: [{ id: 'S0LEADS', handle: 'support-leads', users: ['U0ANN', 'U0BOB'] }] },
  });
});
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  t.model.reset();
  t.model.toolInput = () => ({ text: 'You can get a refund within 30 days.' });
});

/** The verification cards posted to `user`'s DM about the fact titled `title`. */
function cardsTo(user: string, title: string): SlackCall[] {
  return t.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.params.channel === `D${user.slice(1)}` && blocksText(c.params.blocks).includes(title));
}

function waitForCard(user: string, title: string, since = 0): Promise<SlackCall> {
  return t.slack.waitForCall(
    'chat.postMessage',
    (p, call) =>
      t.slack.calls.indexOf(call) >= since && p.channel === `D${user.slice(1)}` && blocksText(p.blocks).includes(title),
    10_000,
  );
}

/** The first chat.update of `card` (made after call number `since`) matching `predicate`. */
function waitForCardUpdate(card: SlackCall, predicate: (text: string) => boolean, since = 0): Promise<SlackCall> {
  return t.slack.waitForCall(
    'chat.update',
    (p, call) =>
      t.slack.calls.indexOf(call) >= since &&
      p.channel === card.params.channel &&
      p.ts === card.response?.ts &&
      predicate(blocksText(p.blocks)),
  );
}

function sourcesOf(review: SlackCall): string {
  return /📚 Sources: [^\n]*/.exec(blocksText(review.params.blocks))?.[0] ?? '';
}

describe('a due fact', () => {
  it('DMs its owner once, with the fact, its use and Verify / Needs a change, and not again that period', async () => {
    const card = await waitForCard('U0OWNER', 'Refund policy');
    expect(t.slack.callsTo('conversations.open').some((c) => c.params.users === 'U0OWNER')).toBe(true);
    const text = blocksText(card.params.blocks);
    expect(text).toContain('Refunds are possible within 30 days of purchase.');
    expect(text).toContain('Version 1');
    expect(text).toContain('Used by `support-reply`');
    expect(listButtons(card.params.blocks).map((b) => b.label)).toEqual(['Verify', 'Needs a change']);
    // Many sweeps later (every 100 ms), still the one card.
    await new Promise((r) => setTimeout(r, 1000));
    expect(cardsTo('U0OWNER', 'Refund policy')).toHaveLength(1);
  });

  it('owned by a user group DMs each member once', async () => {
    await Promise.all([waitForCard('U0ANN', 'Price list'), waitForCard('U0BOB', 'Price list')]);
    await new Promise((r) => setTimeout(r, 500));
    expect(cardsTo('U0ANN', 'Price list')).toHaveLength(1);
    expect(cardsTo('U0BOB', 'Price list')).toHaveLength(1);
  });
});

describe('Verify', () => {
  it('pressed by someone who does not own the fact is refused ephemerally, naming the owner, and changes nothing', async () => {
    const [card] = cardsTo('U0OWNER', 'Refund policy');
    const since = t.slack.calls.length;
    const response = await t.click(card!, 'Verify', 'U0MALLORY');
    expect(response.status).toBe(200);
    const refusal = await t.slack.waitForCall('chat.postEphemeral', (p) => p.user === 'U0MALLORY');
    expect(String(refusal.params.text)).toBe(
      'Only the owner of *Refund policy*, <@U0OWNER>, can answer this card: nothing was recorded.',
    );
    const review = await t.runAgent('support-reply');
    expect(sourcesOf(review)).toMatch(/⚠ Refund policy \(due, verified/);
    expect(
      t.slack.calls.slice(since).filter((c) => c.method === 'chat.update' && c.params.ts === card!.response?.ts),
    ).toEqual([]);
  });

  it("by the owner shows who verified on the card, drops the ⚠ from a pending review and from the next run's", async () => {
    const pending = await t.runAgent('support-reply');
    expect(sourcesOf(pending)).toContain('⚠ Refund policy (due');
    const [card] = cardsTo('U0OWNER', 'Refund policy');
    await t.click(card!, 'Verify', 'U0OWNER');
    const updated = await waitForCardUpdate(card!, (text) => text.includes('✅ Verified by <@U0OWNER>'));
    expect(listButtons(updated.params.blocks)).toEqual([]);
    const rerendered = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === pending.params.ts && blocksText(p.blocks).includes('Refund policy (verified today)'),
    );
    expect(sourcesOf(rerendered)).not.toContain('⚠ Refund policy');
    const next = await t.runAgent('support-reply');
    expect(sourcesOf(next)).toContain('Refund policy (verified today)');
    expect(sourcesOf(next)).not.toContain('⚠ Refund policy');
    // A double click records nothing new: the card still names the first verifier.
    const since = t.slack.calls.length;
    await t.click(card!, 'Verify', 'U0OWNER');
    const again = await waitForCardUpdate(card!, (text) => text.includes('✅ Verified by <@U0OWNER>'), since);
    const verifiedLine = (call: SlackCall) => /✅ Verified by [^\n]*/.exec(blocksText(call.params.blocks))?.[0];
    expect(verifiedLine(again)).toBe(verifiedLine(updated));
  });

  it('on a card about a version that changed since is refused: its change verified it', async () => {
    const card = cardsTo('U0OWNER', 'Shipping times')[0] ?? (await waitForCard('U0OWNER', 'Shipping times'));
    await t.writeFact('shipping.md', fact('Shipping times', 'U0OWNER', '3s', 'Parcels arrive within 5 days.'));
    const deadline = Date.now() + 5000;
    let refusal: SlackCall | undefined;
    // The folder is re-read every 200 ms: until then the click is about the current version.
    while (!refusal && Date.now() < deadline) {
      const since = t.slack.calls.length;
      await t.click(card, 'Verify', 'U0CAROL');
      const answer = await t.slack.waitForCall(
        'chat.postEphemeral',
        (p, call) => t.slack.calls.indexOf(call) >= since && p.user === 'U0CAROL',
      );
      if (String(answer.params.text).includes('has changed since')) refusal = answer;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(String(refusal?.params.text)).toBe(
      '*Shipping times* has changed since this card was sent (it is at version 2 now, this card is about version 1), and its change verified it: nothing was recorded.',
    );
  });
});

describe('Needs a change', () => {
  it('asks for a note in a modal; the note shows on every card and the fact as ⚠ disputed on the next review', async () => {
    const [annCard] = cardsTo('U0ANN', 'Price list');
    const [bobCard] = cardsTo('U0BOB', 'Price list');
    await t.click(annCard!, 'Needs a change', 'U0ANN', { trigger_id: 'trig-ann' });
    const opened = await t.slack.waitForCall('views.open', (p) => p.trigger_id === 'trig-ann');
    const view = opened.params.view as { callback_id: string; private_metadata: string };
    const viewId = String((opened.response?.view as { id?: unknown } | undefined)?.id);
    const submit = (user: string, note: string | null) =>
      sendViewSubmission(t.url, SIGNING_SECRET, {
        user,
        view: {
          id: viewId,
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: { values: { note: { value: { type: 'plain_text_input', value: note } } } },
        },
      });

    const blank = await submit('U0ANN', '  ');
    expect(JSON.parse(blank.body)).toEqual({
      response_action: 'errors',
      errors: { note: 'Say what needs to change.' },
    });
    const forged = await submit('U0MALLORY', 'Everything is free.');
    expect(blank.status).toBe(200);
    expect(forged.body).toContain('Only the owner of *Price list*, @support-leads, can answer this card');

    const accepted = await submit('U0ANN', 'Basic costs 12 EUR since November.');
    expect(accepted.status).toBe(200);
    for (const card of [annCard!, bobCard!]) {
      const updated = await waitForCardUpdate(card, (text) => text.includes('🛠 Needs a change — <@U0ANN>'));
      expect(blocksText(updated.params.blocks)).toContain('Basic costs 12 EUR since November.');
      expect(blocksText(updated.params.blocks)).not.toContain('Everything is free.');
      expect(listButtons(updated.params.blocks)).toEqual([]);
    }
    const review = await t.runAgent('support-reply');
    expect(sourcesOf(review)).toMatch(/⚠ Price list \(disputed/);
  });

  it('pressed by someone who does not own the fact opens no modal', async () => {
    const [annCard] = cardsTo('U0ANN', 'Price list');
    await t.click(annCard!, 'Needs a change', 'U0MALLORY', { trigger_id: 'trig-mallory' });
    const refusal = await t.slack.waitForCall(
      'chat.postEphemeral',
      (p) => p.user === 'U0MALLORY' && String(p.text).includes('Price list'),
    );
    expect(String(refusal.params.text)).toContain('Only the owner of *Price list*, @support-leads');
    expect(t.slack.callsTo('views.open').filter((c) => c.params.trigger_id === 'trig-mallory')).toEqual([]);
  });
});

describe('two replicas', () => {
  it.runIf(process.env.COWORKER_TEST_DATABASE === 'postgres')(
    'on one PostgreSQL DM the owner of a due fact once (skipped on PGlite: one process owns the embedded database)',
    async () => {
      const replica = await t.startReplica();
      // A slow Slack keeps the first sender busy over several sweeps of the other replica.
      const slow = t.slack.on('chat.postMessage', async (p) => {
        if (p.channel === 'D0REP') await new Promise((r) => setTimeout(r, 500));
        return undefined;
      });
      try {
        await t.writeFact('replicated.md', fact('Replicated fact', 'U0REP', '1s', 'Both replicas read this.'));
        await waitForCard('U0REP', 'Replicated fact');
        // Both replicas sweep every 100 ms: a second card would come within this.
        await new Promise((r) => setTimeout(r, 1500));
        expect(cardsTo('U0REP', 'Replicated fact')).toHaveLength(1);
      } finally {
        slow();
        await replica.stop();
      }
    },
  );
});
