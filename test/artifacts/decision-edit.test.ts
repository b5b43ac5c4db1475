import { describe, expect, it } from 'vitest';
import type { DecisionContent, DecisionOptions } from '../../src/artifacts/decision.js';
import { decisionArtifact } from '../../src/artifacts/decision.js';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';

const options: DecisionOptions = { type: 'decision', labels: ['refund', 'no_refund', 'escalate'] };
const content: DecisionContent = {
  label: 'escalate',
  confidence: 0.824,
  reasons: ['Amount over the limit.', 'Customer is a VIP.'],
};
const form = (c = content, o = options) => decisionArtifact.editForm(c, o);
const read = (values: EditFormValues, original = content, o = options) =>
  decisionArtifact.readEditForm(values, original, o);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });

describe('decision edit form', () => {
  it('offers the labels in a select, the confidence as a number from 0 to 1 and the reasons one per line', () => {
    const blocks = form();
    expect(inputIds(blocks)).toEqual(['decision_label', 'decision_confidence', 'decision_reasons']);
    expect(initialValues(blocks)).toEqual({
      decision_label: 'escalate',
      decision_confidence: '0.824',
      decision_reasons: 'Amount over the limit.\nCustomer is a VIP.',
    });
    expect(blocks[0]).toMatchObject({
      element: {
        type: 'static_select',
        options: options.labels.map((label) => ({ text: { type: 'plain_text', text: label }, value: label })),
        initial_option: { text: { type: 'plain_text', text: 'escalate' }, value: 'escalate' },
      },
    });
    expect(blocks[1]).toMatchObject({
      element: { type: 'number_input', is_decimal_allowed: true, min_value: '0', max_value: '1' },
    });
    expect(blocks[2]).toMatchObject({ element: { type: 'plain_text_input', multiline: true } });
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged', () => {
    expect(read(submitForm(form()))).toEqual({ ok: true, content });
    expect(decisionArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads a new call, confidence and reasons, and describes the change as a whole', () => {
    const result = read(
      submitForm(form(), {
        decision_label: 'refund',
        decision_confidence: '0.6',
        decision_reasons: 'Loyal customer.\n\n  Small amount. \n',
      }),
    );
    expect(result).toEqual({
      ok: true,
      content: { label: 'refund', confidence: 0.6, reasons: ['Loyal customer.', 'Small amount.'] },
    });
    if (!result.ok) return;
    expect(decisionArtifact.describeEdit(content, result.content, options)).toEqual([
      {
        target: null,
        before: 'escalate (confidence 0.824)\nReasons:\n- Amount over the limit.\n- Customer is a VIP.',
        after: 'refund (confidence 0.6)\nReasons:\n- Loyal customer.\n- Small amount.',
      },
    ]);
  });

  it('refuses an unknown label, a confidence outside 0..1 and no reasons, each on its input', () => {
    expect(
      read(submitForm(form(), { decision_label: 'maybe', decision_confidence: '5', decision_reasons: ' \n ' })),
    ).toEqual({
      ok: false,
      errors: {
        decision_label: 'Choose one of the decisions: refund, no_refund, escalate.',
        decision_confidence: 'The confidence is a number from 0 (a guess) to 1 (certain), e.g. 0.8.',
        decision_reasons: 'Give at least one reason, one per line.',
      },
    });
    for (const bad of ['', 'high', '-0.1', '1.01']) {
      expect(read(submitForm(form(), { decision_confidence: bad }))).toMatchObject({
        ok: false,
        errors: { decision_confidence: expect.any(String) },
      });
    }
    expect(read(submitForm(form(), { decision_label: null }))).toMatchObject({
      ok: false,
      errors: { decision_label: expect.any(String) },
    });
  });

  it('shows a tiny confidence as a plain decimal and reads it back unchanged', () => {
    const tiny = { ...content, confidence: 1e-7 };
    expect(initialValues(form(tiny)).decision_confidence).toBe('0.0000001');
    expect(read(submitForm(form(tiny)), tiny)).toEqual({ ok: true, content: tiny });
  });

  it('asks for the label in a text input when the labels do not fit a select', () => {
    const labels = Array.from({ length: 150 }, (_, i) => `label_${i}`);
    const wide: DecisionOptions = { type: 'decision', labels };
    const c = { ...content, label: 'label_120' };
    const blocks = form(c, wide);
    expect(blocks[0]).toMatchObject({ element: { type: 'plain_text_input', initial_value: 'label_120' } });
    withinLimits(blocks);
    expect(read(submitForm(blocks), c, wide)).toEqual({ ok: true, content: c });
    expect(read(submitForm(blocks, { decision_label: ' label_7 ' }), c, wide)).toMatchObject({
      ok: true,
      content: { label: 'label_7' },
    });
    const long: DecisionOptions = { type: 'decision', labels: ['x'.repeat(200), 'short'] };
    expect(form({ ...content, label: 'short' }, long)[0]).toMatchObject({ element: { type: 'plain_text_input' } });
  });
});
