import { describe, expect, it } from 'vitest';
import { mentionOwner } from '../../src/block-kit/escape-mrkdwn.js';
import { actionIds } from '../../src/surfaces/action-ids.js';
import { renderCorrectionAck } from '../../src/surfaces/correction-ack.js';
import { type DisputeView, renderDisputeCard, renderSettlementLine } from '../../src/surfaces/dispute-card.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { blocksText, listButtons } from '../support/find-button.js';

const ID = '0f6b6f5e-1d7c-4a55-9f8e-0123456789ab';
const view: DisputeView = {
  correctionId: ID,
  agent: 'support-reply',
  author: 'U0BOB',
  reply: 'No, refunds are possible within 60 days.',
  instruction: 'Say refunds are possible within 60 days.',
  reason: 'The policy says 30 days.',
  fact: { id: 'refund-policy', title: 'Refund policy', version: 2, body: 'Refunds are possible within 30 days.' },
  reviewLink: 'https://team.slack.com/archives/C1/p123',
};
const at = new Date('2026-12-02T10:00:00Z');

describe('renderDisputeCard', () => {
  it('shows the fact, the correction, its author, the review and why, with the three buttons carrying the correction', () => {
    const card = renderDisputeCard(view, { status: 'open' });
    const text = blocksText(card.blocks);
    for (const part of [
      'Refund policy',
      'version 2',
      'Refunds are possible within 30 days.',
      'No, refunds are possible within 60 days.',
      'Say refunds are possible within 60 days.',
      '<@U0BOB>',
      '<https://team.slack.com/archives/C1/p123|a review>',
      '`support-reply`',
      'The policy says 30 days.',
    ])
      expect(text).toContain(part);
    expect(listButtons(card.blocks).map((b) => [b.label, b.action_id, b.value])).toEqual([
      ['Keep the fact', actionIds.disputeKeepFact, ID],
      ['The correction is right', actionIds.disputeCorrectionRight, ID],
      ['Both true', actionIds.disputeBothTrue, ID],
    ]);
    assertWithinBlockKitLimits(card.blocks, { text: card.text });
  });

  it('stays within Block Kit limits whatever the fact and the reply hold, and escapes them', () => {
    const card = renderDisputeCard(
      {
        ...view,
        reply: `<!channel> ${'r'.repeat(10_000)}`,
        instruction: 'i'.repeat(5000),
        reason: '<@U0EVIL> '.repeat(600),
        fact: { ...view.fact, title: '<!here> t'.repeat(40), body: 'b\n'.repeat(40_000) },
        reviewLink: 'javascript:alert(1)',
      },
      { status: 'open' },
    );
    assertWithinBlockKitLimits(card.blocks, { text: card.text });
    const raw = JSON.stringify(card.blocks);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<!here>');
    expect(raw).not.toContain('<@U0EVIL>');
    expect(raw).not.toContain('javascript:');
  });

  it('once settled says how, by whom and when, with no buttons', () => {
    for (const [settlement, words] of [
      ['keep_fact', 'kept the fact'],
      ['correction_right', 'marked as needing a change'],
      ['both_true', 'as an exception to *Refund policy*'],
    ] as const) {
      const card = renderDisputeCard(view, { status: 'settled', settlement, by: 'U0LEAD', at });
      expect(listButtons(card.blocks)).toEqual([]);
      const text = blocksText(card.blocks);
      expect(text).toContain('<@U0LEAD>');
      expect(text).toContain(words);
      expect(text).toContain('<!date^');
      assertWithinBlockKitLimits(card.blocks, { text: card.text });
    }
    const retired = renderDisputeCard(view, { status: 'retired', by: 'U0BOB', at });
    expect(listButtons(retired.blocks)).toEqual([]);
    expect(blocksText(retired.blocks)).toContain('nothing to settle');
  });
});

describe('the thread while a correction is disputed and once settled', () => {
  const correction = {
    id: ID,
    agent: 'support-reply',
    author: 'U0BOB',
    kind: 'fact',
    target: null,
    instruction: view.instruction,
    extraction: 'done',
    created_at: at,
  };

  it('names the fact and its owner, offers no Revise', () => {
    const ack = renderCorrectionAck({
      correction,
      state: {
        status: 'disputed',
        fact: { title: 'Refund policy', ownerMention: mentionOwner('@support-leads') },
        ownerReached: true,
      },
    });
    expect(blocksText(ack.blocks)).toContain(
      'This contradicts *Refund policy*, owned by @support-leads: I asked them to settle it. Until then the agent follows the fact.',
    );
    expect(listButtons(ack.blocks).map((b) => b.label)).toEqual(['Not a correction']);
    const unreached = renderCorrectionAck({
      correction,
      state: {
        status: 'disputed',
        fact: { title: 'Refund policy', ownerMention: mentionOwner('U0LEAD') },
        ownerReached: false,
      },
    });
    expect(blocksText(unreached.blocks)).toContain('owned by <@U0LEAD>, but I could not reach them');
  });

  it('once settled shows the outcome; an active one gets its buttons back', () => {
    const kept = renderCorrectionAck({
      correction,
      state: { status: 'settled', settlement: 'keep_fact', outcome: 'kept' },
    });
    expect(listButtons(kept.blocks)).toEqual([]);
    const right = renderCorrectionAck({
      correction,
      state: { status: 'settled', settlement: 'correction_right', outcome: 'found right' },
    });
    expect(listButtons(right.blocks).map((b) => b.label)).toEqual(['Revise', 'Not a correction']);
  });

  it('one line per settlement, mentioning the author', () => {
    const line = (settlement: 'keep_fact' | 'correction_right' | 'both_true') =>
      renderSettlementLine({
        settlement,
        by: 'U0LEAD',
        author: 'U0BOB',
        agent: 'support-reply',
        factTitle: 'Refund policy',
      });
    expect(line('keep_fact')).toMatch(
      /^<@U0BOB>: <@U0LEAD> kept \*Refund policy\* as it is, so your correction is retired/,
    );
    expect(line('correction_right')).toContain('<@U0BOB>');
    expect(line('both_true')).toContain('exception to *Refund policy*');
  });
});
