import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { factFile } from '../support/fact-file.js';
import { blocksText } from '../support/find-button.js';
import { appHomeOpenedEvent, sendEvent } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const fact = factFile;

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
      'ticket-triage.yaml': `
channels: ["#support"]
instructions: Pick a queue.
context: { knowledge: [refund-policy] }
artifact: { type: decision, labels: [billing, bug] }
`,
    },
    facts: {
      'refund-policy.md': fact('Refund policy', '@support-leads', '90d', 'Refunds within 30 days.'),
      'price-list.md': fact('Price list', 'U0CAROL', '2s', 'Team: $29 per user and month.'),
      'bad.md': fact('Bad', 'bob', '90d', 'Nobody owns this.'),
    },
  });
  t.model.toolInput = () => ({ text: 'You can get a refund within 30 days.' });
  await t.runAgent('support-reply');
});
afterAll(async () => {
  await t?.close();
});

async function knowledgeAnswer(): Promise<{ text: string; blocks: KnownBlock[] }> {
  const response = await t.command('knowledge');
  expect(response.status).toBe(200);
  const json = response.json as { response_type: string; text: string; blocks: KnownBlock[] };
  expect(json.response_type).toBe('ephemeral');
  assertWithinBlockKitLimits(json.blocks, { text: json.text });
  return json;
}

async function openHome(user: string): Promise<string> {
  const since = t.slack.calls.length;
  await sendEvent(t.url, SIGNING_SECRET, appHomeOpenedEvent(user));
  const published = await t.slack.waitForCall(
    'views.publish',
    (p, call) => p.user_id === user && t.slack.calls.indexOf(call) >= since,
  );
  return blocksText((published.params.view as { blocks: unknown[] }).blocks);
}

describe('/coworker knowledge', () => {
  it('lists every fact with its owner, version, verification, due date, agents and runs, and the invalid files', async () => {
    const { text, blocks } = await knowledgeAnswer();
    expect(text).toMatch(/^Team knowledge: 2 facts · [01] due · 0 disputed$/);
    const shown = blocksText(blocks);
    expect(shown).toContain('*Refund policy* (`refund-policy`) · v1 · owner @support-leads');
    expect(shown).toContain('Verified today by its change · due <!date^');
    expect(shown).toContain('Used by `support-reply`, `ticket-triage` · 1 run in the last 30 days');
    expect(shown).toContain('*Price list* (`price-list`) · v1 · owner <@U0CAROL>');
    expect(shown).toContain('Used by `support-reply` · 1 run in the last 30 days');
    expect(shown).toContain('*Fact files with problems*');
    expect(shown).toMatch(/bad\.md:3: owner: "bob" is neither a user ID/);
    // Only the person who asked sees it; nothing ran.
    expect(t.model.requests).toHaveLength(1);
  });

  it('marks a fact past its verify_every ⚠ due since, and lists it first', async () => {
    // verify_every 2s: asked again until it is due.
    let answer = await knowledgeAnswer();
    await expect
      .poll(
        async () => {
          answer = await knowledgeAnswer();
          return answer.text;
        },
        { timeout: 5_000, interval: 200 },
      )
      .toBe('Team knowledge: 2 facts · 1 due · 0 disputed');
    const { blocks } = answer;
    const sections = blocks.filter((b) => b.type === 'section').map((b) => blocksText([b]));
    expect(sections[0]).toContain('*Price list*');
    expect(sections[0]).toContain('⚠ due since <!date^');
    expect(sections[1]).toContain('*Refund policy*');
  });

  it('is in /coworker help', async () => {
    const help = await t.command('help');
    expect(String((help.json as { text: string }).text)).toContain('`/coworker knowledge`');
  });
});

describe('App Home', () => {
  it('sums up the team knowledge, due facts first with their owners, and lists invalid fact files with the specs', async () => {
    let home = '';
    await expect
      .poll(
        async () => {
          home = await openHome('U0ANYONE');
          return home;
        },
        { timeout: 5_000, interval: 200 },
      )
      .toContain('*Team knowledge* · 2 facts · 1 due · 0 disputed');
    expect(home).toContain('⚠ *Price list* (`price-list`), owner <@U0CAROL>: due since <!date^');
    expect(home).not.toContain('⚠ *Refund policy*');
    expect(home).toContain('Spec problems');
    expect(home).toMatch(/bad\.md:3: owner: "bob" is neither/);
    expect(home).toContain('support-reply');
  });
});
