import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ArtifactOptions } from '../../src/artifacts/index.js';
import { CoworkerError } from '../../src/errors.js';
import { decodeReviewRef } from '../../src/surfaces/action-ids.js';
import { EDIT_MODAL_CALLBACK_ID, readEditSubmission, renderEditModal } from '../../src/surfaces/edit-modal.js';
import { assertValidModal } from '../support/block-kit-assertions.js';
import { inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const samples: { options: ArtifactOptions; content: unknown; edit: Record<string, string>; target: string | null }[] = [
  { options: { type: 'message' }, content: { text: 'Hi' }, edit: { message_text: 'Hello' }, target: null },
  {
    options: { type: 'document' },
    content: { title: 'T', sections: [{ heading: 'H', body: 'B' }] },
    edit: { section_1_body: 'C' },
    target: 'section 1',
  },
  {
    options: { type: 'table', columns: ['a', 'b'] },
    content: { rows: [{ a: '1', b: '2' }] },
    edit: { row_1: 'a: 1\nb: 3' },
    target: 'row 1 b',
  },
  {
    options: { type: 'checklist' },
    content: { items: [{ text: 'x' }] },
    edit: { item_1_owner: 'Ann' },
    target: 'item 1',
  },
  {
    options: { type: 'decision', labels: ['y', 'n'] },
    content: { label: 'y', confidence: 1, reasons: ['r'] },
    edit: { decision_label: 'n' },
    target: null,
  },
  {
    options: { type: 'changes' },
    content: { changes: [{ record: 'r', field: 'f', before: '', after: 'a', reason: 'w' }] },
    edit: { change_1_reason: 'because' },
    target: 'change 1',
  },
];

const modal = (options: ArtifactOptions, content: unknown): ModalView =>
  renderEditModal({ agent: 'Refund bot <!here>', artifactId: 'art_123', version: 2, options, content });

describe('renderEditModal', () => {
  it.each(samples)(
    '$options.type: a valid modal with the version reference, a header line and the prefilled form',
    ({ options, content }) => {
      const view = modal(options, content);
      assertValidModal(view);
      expect(view).toMatchObject({
        type: 'modal',
        callback_id: EDIT_MODAL_CALLBACK_ID,
        title: { type: 'plain_text', text: `Edit ${options.type}` },
        submit: { type: 'plain_text', text: 'Approve edited' },
        close: { type: 'plain_text', text: 'Cancel' },
      });
      expect(decodeReviewRef(view.private_metadata ?? '')).toEqual({ artifactId: 'art_123', version: 2 });
      expect(view.blocks[0]?.type).toBe('context');
      expect(textOf(view.blocks[0])).toContain('*Refund bot &lt;!here&gt;* · version 2');
      expect(inputIds(view.blocks).length).toBeGreaterThan(0);
    },
  );

  it('keeps huge content within 100 blocks and every limit', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ a: `x${i}`, b: 'y'.repeat(i) }));
    const sections = Array.from({ length: 200 }, (_, i) => ({ heading: `H${i}`, body: 'z'.repeat(i * 40) }));
    const cases: [ArtifactOptions, unknown][] = [
      [{ type: 'table', columns: ['a', 'b'] }, { rows }],
      [{ type: 'document' }, { title: 't'.repeat(4000), sections }],
      [{ type: 'message' }, { text: 'm'.repeat(10_000) }],
      [
        { type: 'checklist' },
        { items: Array.from({ length: 500 }, () => ({ text: 'i'.repeat(3001), owner: 'o'.repeat(2000) })) },
      ],
    ];
    for (const [options, content] of cases) {
      const view = modal(options, content);
      assertValidModal(view);
      expect(view.blocks.length).toBeLessThanOrEqual(100);
      const read = readEditSubmission({ values: submitForm(view.blocks), options, original: content });
      expect(read).toEqual({ ok: true, content, changes: [] });
    }
  });

  const huge: { options: ArtifactOptions; content: unknown }[] = [
    { options: { type: 'message' }, content: { text: `<b>&${'x'.repeat(1_000_000)}\n`.repeat(2) } },
    {
      options: { type: 'document' },
      content: {
        title: 'T'.repeat(500),
        sections: Array.from({ length: 500 }, (_, i) => ({
          heading: `Part ${i + 1}`,
          body: 'body '.repeat(400 + i * 5),
        })),
      },
    },
    {
      options: { type: 'table', columns: Array.from({ length: 20 }, (_, i) => `c${i}`) },
      content: {
        rows: Array.from({ length: 10_000 }, (_, r) =>
          Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, 'v'.repeat(r % 300)])),
        ),
      },
    },
    {
      options: { type: 'checklist' },
      content: {
        items: Array.from({ length: 5000 }, (_, i) => ({
          text: `Do ${i} ${'a'.repeat(i % 4000)}`,
          owner: 'U1',
          due: '2024-01-01',
        })),
      },
    },
    {
      options: { type: 'decision', labels: Array.from({ length: 200 }, (_, i) => `label ${i} ${'l'.repeat(i)}`) },
      content: {
        label: `label 150 ${'l'.repeat(150)}`,
        confidence: 0.5,
        reasons: Array.from({ length: 3000 }, () => 'r'.repeat(2000)),
      },
    },
    {
      options: { type: 'changes' },
      content: {
        changes: Array.from({ length: 5000 }, (_, i) => ({
          record: `acct_${i} ${'x'.repeat(3000)}`,
          field: 'tier',
          before: 'b'.repeat(10_000),
          after: 'a'.repeat(i % 5000),
          reason: 'why',
        })),
      },
    },
  ];

  it.each(huge.map((h) => [h.options.type, h] as const))(
    '%s: any content gives a valid modal, and an unchanged submit loses nothing',
    (_, { options, content }) => {
      const view = modal(options, content);
      assertValidModal(view);
      expect(view.submit).toBeDefined();
      expect(readEditSubmission({ values: submitForm(view.blocks), options, original: content })).toEqual({
        ok: true,
        content,
        changes: [],
      });
    },
  );

  it('offers no submit for content that does not match its type, and says why', () => {
    const view = modal({ type: 'table', columns: ['a'] }, { rows: [{ b: 1 }] });
    assertValidModal(view);
    expect(view.submit).toBeUndefined();
    expect(textOf(view.blocks)).toContain('cannot be edited here');
  });

  it('cuts a long agent name and keeps the title within 24 characters', () => {
    const view = renderEditModal({
      agent: 'a'.repeat(500),
      artifactId: 'x',
      version: 1,
      options: { type: 'checklist' },
      content: { items: [] },
    });
    assertValidModal(view);
    expect(textOf(view.blocks[0]).length).toBeLessThan(300);
  });
});

describe('readEditSubmission', () => {
  it.each(samples)(
    '$options.type: an unchanged submit gives back the original with no changes; an edit gives its change',
    ({ options, content, edit, target }) => {
      const view = modal(options, content);
      expect(readEditSubmission({ values: submitForm(view.blocks), options, original: content })).toEqual({
        ok: true,
        content,
        changes: [],
      });
      const edited = readEditSubmission({ values: submitForm(view.blocks, edit), options, original: content });
      expect(edited.ok).toBe(true);
      if (!edited.ok) return;
      expect(edited.content).not.toEqual(content);
      expect(edited.changes).toHaveLength(1);
      expect(edited.changes[0]?.target).toBe(target);
    },
  );

  it('returns errors keyed by block id for Slack to show', () => {
    const options: ArtifactOptions = { type: 'decision', labels: ['y', 'n'] };
    const content = { label: 'y', confidence: 1, reasons: ['r'] };
    const view = modal(options, content);
    const read = readEditSubmission({
      values: submitForm(view.blocks, { decision_confidence: '5' }),
      options,
      original: content,
    });
    expect(read).toEqual({ ok: false, errors: { decision_confidence: expect.stringContaining('from 0') } });
  });

  it('reads the state Slack actually sends (option texts and other extra fields included)', () => {
    const options: ArtifactOptions = { type: 'decision', labels: ['y', 'n'] };
    const values = {
      decision_label: {
        value: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'n', emoji: true }, value: 'n' },
        },
      },
      decision_confidence: { value: { type: 'number_input', value: '0.5' } },
      decision_reasons: { value: { type: 'plain_text_input', value: 'r' } },
    };
    expect(
      readEditSubmission({ values, options, original: { label: 'y', confidence: 1, reasons: ['r'] } }),
    ).toMatchObject({
      ok: true,
      content: { label: 'n', confidence: 0.5, reasons: ['r'] },
    });
  });

  it('throws a coded error for a state that is not one, or an original that does not match its type', () => {
    const options: ArtifactOptions = { type: 'message' };
    expect(() => readEditSubmission({ values: { message_text: 'oops' }, options, original: { text: 'Hi' } })).toThrow(
      CoworkerError,
    );
    expect(() => readEditSubmission({ values: null, options, original: { text: 'Hi' } })).toThrow(
      expect.objectContaining({ code: 'slack_failed', category: 'upstream' }),
    );
    try {
      readEditSubmission({ values: {}, options, original: { text: '' } });
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'internal', category: 'system' });
    }
  });
});
