import type { ContextBlock, InputBlock, PlainTextInput } from '@slack/types';
import { escapeMrkdwn, oneLine } from './escape-mrkdwn.js';
import { MAX_INPUT_HINT, MAX_INPUT_VALUE, MAX_TEXT_OBJECT, truncate } from './limits.js';

/** The `action_id` of the one element in every edit-form input block. */
export const INPUT_ACTION_ID = 'value';

// Labels come from content (record names, columns): long ones are cut to stay readable.
const MAX_LABEL = 150;

/** One text input of an edit form. */
export interface TextFieldSpec {
  /** Stable and unique in the form, e.g. `section_2_body`: errors and submitted values are keyed by it. */
  blockId: string;
  /** Shown above the input; made one line and cut to a readable length. */
  label: string;
  /** The current value, the input's `initial_value`. */
  value: string;
  /** What a note calls this part when it is too long to edit, e.g. `Section 3 text`; defaults to the label. */
  name?: string;
  /** Shown below the input in grey; cut to Slack's limit. */
  hint?: string;
  /** A text area rather than one line; implied when the value holds a line break (one line would lose it). */
  multiline?: boolean;
  /** May be submitted empty. */
  optional?: boolean;
}

/**
 * An `input` block holding a `plain_text_input` prefilled with `spec.value` (`max_length` 3000),
 * or, when the value is longer than a text input can hold, a {@link tooLongNote} instead: a
 * part the reviewer cannot see whole must not be submitted cut.
 */
export function textField(spec: TextFieldSpec): InputBlock | ContextBlock {
  if (spec.value.length > MAX_INPUT_VALUE) return tooLongNote(spec.name ?? spec.label, spec.value.length);
  const element: PlainTextInput = {
    type: 'plain_text_input',
    action_id: INPUT_ACTION_ID,
    max_length: MAX_INPUT_VALUE,
    multiline: spec.multiline === true || /[\r\n]/.test(spec.value),
  };
  // Slack wants no empty initial value; an empty input is the same thing.
  if (spec.value !== '') element.initial_value = spec.value;
  const block: InputBlock = {
    type: 'input',
    block_id: spec.blockId,
    label: { type: 'plain_text', text: inputLabel(spec.label) },
    element,
    optional: spec.optional === true,
  };
  if (spec.hint !== undefined && spec.hint.trim() !== '')
    block.hint = { type: 'plain_text', text: truncate(spec.hint, MAX_INPUT_HINT) };
  return block;
}

/** An input's label: one line, at most 150 characters, never blank. */
export function inputLabel(text: string): string {
  const line = truncate(oneLine(text), MAX_LABEL);
  return line === '' ? '(no name)' : line;
}

/** The note shown in place of a part too long for a text input: it says the part stays as it is. */
export function tooLongNote(name: string, length: number): ContextBlock {
  const what = escapeMrkdwn(truncate(oneLine(name), MAX_LABEL));
  const text = `_${what} has ${length.toLocaleString('en-US')} characters, more than a Slack form can edit (${MAX_INPUT_VALUE.toLocaleString('en-US')}): it is not shown here and stays as it is._`;
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, MAX_TEXT_OBJECT) }] };
}
