import type { PlainTextOption, StaticSelect } from '@slack/types';
import { MAX_OPTION_TEXT, MAX_OPTION_VALUE, MAX_SELECT_OPTIONS, truncate } from '../block-kit/limits.js';
import { INPUT_ACTION_ID, inputLabel, textField } from '../block-kit/text-field.js';
import type { EditFormBlock } from './artifact-type.js';

/** The block ids of a decision's edit form. */
export const decisionBlocks = {
  label: 'decision_label',
  confidence: 'decision_confidence',
  reasons: 'decision_reasons',
} as const;

interface Decision {
  label: string;
  confidence: number;
  reasons: string[];
}

/**
 * A decision's edit form: the label as a select over the spec's labels (a text input naming
 * them when they do not fit a select: more than 100, or one longer than an option value takes),
 * the confidence as a decimal number input from 0 to 1, and the reasons one per line.
 */
export function decisionEditForm(content: Decision, labels: readonly string[]): EditFormBlock[] {
  return [
    labelInput(content.label, labels),
    {
      type: 'input',
      block_id: decisionBlocks.confidence,
      label: { type: 'plain_text', text: 'Confidence' },
      element: {
        type: 'number_input',
        action_id: INPUT_ACTION_ID,
        is_decimal_allowed: true,
        min_value: '0',
        max_value: '1',
        initial_value: formatConfidence(content.confidence),
      },
      hint: { type: 'plain_text', text: 'From 0 (a guess) to 1 (certain), e.g. 0.8.' },
    },
    textField({
      blockId: decisionBlocks.reasons,
      label: 'Reasons',
      value: content.reasons.join('\n'),
      multiline: true,
      hint: 'One reason per line, most important first.',
    }),
  ];
}

/** A confidence as the number input shows it: plain decimals, never `1e-7`. */
export function formatConfidence(confidence: number): string {
  const text = String(confidence);
  return /e/i.test(text) ? confidence.toFixed(20).replace(/\.?0+$/, '') : text;
}

function labelInput(current: string, labels: readonly string[]): EditFormBlock {
  const distinct = [...new Set(labels)];
  if (distinct.length > MAX_SELECT_OPTIONS || distinct.some((label) => label.length > MAX_OPTION_VALUE)) {
    return textField({
      blockId: decisionBlocks.label,
      label: 'Decision',
      value: current,
      hint: `Exactly one of: ${distinct.join(', ')}`,
    });
  }
  const options = distinct.map(
    (label): PlainTextOption => ({
      text: { type: 'plain_text', text: truncate(inputLabel(label), MAX_OPTION_TEXT) },
      value: label,
    }),
  );
  const element: StaticSelect = { type: 'static_select', action_id: INPUT_ACTION_ID, options };
  // Slack wants the very option object; the current label is always one (the schema says so).
  const initial = options.find((option) => option.value === current);
  if (initial !== undefined) element.initial_option = initial;
  return { type: 'input', block_id: decisionBlocks.label, label: { type: 'plain_text', text: 'Decision' }, element };
}
