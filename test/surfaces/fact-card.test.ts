import { describe, expect, it } from 'vitest';
import { decodeFactRef } from '../../src/surfaces/action-ids.js';
import { type FactCardView, renderFactCard } from '../../src/surfaces/fact-card.js';
import {
  decodeFactChangeRef,
  FACT_CHANGE_CALLBACK_ID,
  FACT_NOTE_BLOCK,
  readFactChangeNote,
  renderFactChangeModal,
} from '../../src/surfaces/fact-change-modal.js';
import { assertValidModal, assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { listButtons } from '../support/find-button.js';
import { textOf } from '../support/text-of.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const DAY = 86_400_000;

function view(overrides: Partial<FactCardView> = {}, fact: Partial<FactCardView['fact']> = {}): FactCardView {
  return {
    fact: {
      id: 'refund-policy',
      version: 3,
      title: 'Refund policy',
      owner: '@support-leads',
      body: 'Refunds are possible within 30 days of purchase.',
      verifyEveryMs: 90 * DAY,
      ...fact,
    },
    verifiedAt: new Date(NOW.getTime() - 95 * DAY),
    verifiedBy: 'U0ANN',
    dueAt: new Date(NOW.getTime() - 5 * DAY),
    agents: ['support-reply', 'faq'],
    runs: 12,
    state: { status: 'pending' },
    ...overrides,
  };
}

describe('renderFactCard', () => {
  it('shows the fact quoted, its version, age, due date, owner and use, with Verify and Needs a change', () => {
    const card = renderFactCard(view(), NOW);
    assertWithinBlockKitLimits(card.blocks, { text: card.text });
    const text = textOf(card.blocks);
    expect(text).toContain('Refund policy');
    expect(text).toContain('>Refunds are possible within 30 days of purchase.');
    expect(text).toContain('Version 3');
    expect(text).toContain('verified 95 d ago by <@U0ANN>');
    expect(text).toMatch(/due since <!date\^\d+\^/);
    expect(text).toContain('owner @support-leads');
    expect(text).toContain('Used by `support-reply`, `faq` · 12 runs in the last 30 days');
    const buttons = listButtons(card.blocks);
    expect(buttons.map((b) => b.label)).toEqual(['Verify', 'Needs a change']);
    for (const button of buttons)
      expect(decodeFactRef(button.value ?? '')).toEqual({ fact: 'refund-policy', version: 3 });
    expect(card.text).toBe('Is "Refund policy" still true? It is due for verification.');
  });

  it('says when no agent uses the fact and no run did', () => {
    const text = textOf(renderFactCard(view({ agents: [], runs: 0 }), NOW).blocks);
    expect(text).toContain('No agent uses it now · no runs used it in the last 30 days');
  });

  it('names a user owner as a mention and escapes what the file says', () => {
    const card = renderFactCard(view({}, { owner: 'U0BOB', body: 'Ask <!channel> & <@U1> first' }), NOW);
    const text = textOf(card.blocks);
    expect(text).toContain('owner <@U0BOB>');
    expect(text).toContain('>Ask &lt;!channel&gt; &amp; &lt;@U1&gt; first');
  });

  it('stays within Block Kit limits for a huge fact, a long title and many agents, and says the fact was cut', () => {
    const body = Array.from({ length: 3000 }, (_, i) => `line ${i} of the policy`).join('\n');
    const agents = Array.from({ length: 40 }, (_, i) => `agent-${i}-${'x'.repeat(60)}`);
    const card = renderFactCard(view({ agents }, { title: 'T'.repeat(150), body }), NOW);
    assertWithinBlockKitLimits(card.blocks, { text: card.text });
    const text = textOf(card.blocks);
    expect(text).toContain('Shortened here: the whole fact is in `refund-policy.md`.');
    expect(text).toContain('and 30 more');
    expect(listButtons(card.blocks)).toHaveLength(2);
  });

  it('shows who verified and when, without buttons, once verified', () => {
    const at = new Date(NOW.getTime() - 60_000);
    const card = renderFactCard(view({ state: { status: 'verified', by: 'U0CAROL', at } }), NOW);
    assertWithinBlockKitLimits(card.blocks, { text: card.text });
    expect(listButtons(card.blocks)).toEqual([]);
    expect(textOf(card.blocks)).toMatch(/✅ Verified by <@U0CAROL> <!date\^\d+\^.*Due again <!date\^/);
    expect(card.text).toBe('"Refund policy" was verified by <@U0CAROL>.');
  });

  it('shows the note of Needs a change, without buttons, cut when long', () => {
    const note = `Now 14 days <b>. ${'More. '.repeat(1000)}`;
    const card = renderFactCard(view({ state: { status: 'needs_change', by: 'U0CAROL', at: NOW, note } }), NOW);
    assertWithinBlockKitLimits(card.blocks, { text: card.text });
    expect(listButtons(card.blocks)).toEqual([]);
    const text = textOf(card.blocks);
    expect(text).toContain('🛠 Needs a change — <@U0CAROL>');
    expect(text).toContain('>Now 14 days &lt;b&gt;.');
  });
});

describe('the Needs a change modal', () => {
  const ref = { fact: 'refund-policy', version: 3, subject: 'verify:refund-policy:3:2026-11-27T10:00:00.000Z' };

  it('asks for a required note and carries the request it answers', () => {
    const modal = renderFactChangeModal({ ref, title: `Refund *policy* ${'x'.repeat(300)}` });
    assertValidModal(modal);
    expect(modal.callback_id).toBe(FACT_CHANGE_CALLBACK_ID);
    expect(decodeFactChangeRef(modal.private_metadata ?? '')).toEqual(ref);
    const input = modal.blocks.find((b) => b.type === 'input');
    expect(input).toMatchObject({ block_id: FACT_NOTE_BLOCK, element: { type: 'plain_text_input', min_length: 1 } });
    expect(input && 'optional' in input && input.optional).toBeFalsy();
  });

  it('decodes only its own metadata', () => {
    for (const bad of ['', 'nope', '{}', JSON.stringify({ fact: 'x', version: 0, subject: 's' }), 'x'.repeat(4000)])
      expect(decodeFactChangeRef(bad)).toBeUndefined();
  });

  it('reads the note, and refuses a blank one at its input', () => {
    const values = (value: string | null) => ({ [FACT_NOTE_BLOCK]: { value: { type: 'plain_text_input', value } } });
    expect(readFactChangeNote(values('  It is 14 days now.\r\n'))).toEqual({ ok: true, note: 'It is 14 days now.' });
    expect(readFactChangeNote(values('   '))).toEqual({
      ok: false,
      errors: { [FACT_NOTE_BLOCK]: 'Say what needs to change.' },
    });
    expect(readFactChangeNote(values(null)).ok).toBe(false);
    expect(() => readFactChangeNote('garbage')).toThrow(/could not read/);
  });
});
