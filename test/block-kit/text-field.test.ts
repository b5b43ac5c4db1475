import { describe, expect, it } from 'vitest';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { readInput, readOptionalField, readTextField, wasEmptied } from '../../src/block-kit/read-input.js';
import { inputLabel, textField, tooLongNote } from '../../src/block-kit/text-field.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

describe('textField', () => {
  it('is an input prefilled with the value, at most 3000 characters, one element with action id "value"', () => {
    expect(textField({ blockId: 'b', label: 'Label', value: 'v', hint: 'h' })).toEqual({
      type: 'input',
      block_id: 'b',
      label: { type: 'plain_text', text: 'Label' },
      element: { type: 'plain_text_input', action_id: 'value', max_length: 3000, multiline: false, initial_value: 'v' },
      optional: false,
      hint: { type: 'plain_text', text: 'h' },
    });
  });

  it('leaves an empty value out, and makes a value with line breaks multiline', () => {
    expect(textField({ blockId: 'b', label: 'L', value: '', optional: true })).toMatchObject({
      optional: true,
      element: { multiline: false },
    });
    expect(textField({ blockId: 'b', label: 'L', value: '' })).not.toHaveProperty('element.initial_value');
    expect(textField({ blockId: 'b', label: 'L', value: 'a\nb' })).toMatchObject({ element: { multiline: true } });
  });

  it('makes labels one readable line and keeps hints within Slack limits', () => {
    const block = textField({ blockId: 'b', label: `x\n${'y'.repeat(5000)}`, value: 'v', hint: 'h'.repeat(5000) });
    assertWithinBlockKitLimits([block], { maxBlocks: 100, maxTotalText: Number.POSITIVE_INFINITY });
    expect(inputLabel('  ')).toBe('(no name)');
    expect(textField({ blockId: 'b', label: 'L', value: 'v', hint: ' ' })).not.toHaveProperty('hint');
  });

  it('gives a note instead of an input for a value over 3000 characters, and an input for exactly 3000', () => {
    expect(textField({ blockId: 'b', label: 'L', value: 'x'.repeat(3000) }).type).toBe('input');
    const note = textField({ blockId: 'b', label: 'L', name: 'Row <!here>', value: 'x'.repeat(3001) });
    expect(note).toEqual(tooLongNote('Row <!here>', 3001));
    expect(textOf(note)).toBe(
      '_Row &lt;!here&gt; has 3,001 characters, more than a Slack form can edit (3,000): it is not shown here and stays as it is._',
    );
  });
});

describe('reading inputs', () => {
  const values: EditFormValues = {
    text: { value: { type: 'plain_text_input', value: 'a\r\nb' } },
    empty: { value: { type: 'plain_text_input', value: null } },
    select: { value: { type: 'static_select', selected_option: { value: 'yes' } } },
    other: { custom: { type: 'plain_text_input', value: 'c' } },
  };

  it('reads texts, emptied texts, selects; undefined for a block not in the form', () => {
    expect(readInput(values, 'text')).toBe('a\r\nb');
    expect(readInput(values, 'empty')).toBe('');
    expect(readInput(values, 'select')).toBe('yes');
    expect(readInput(values, 'other')).toBe('c');
    expect(readInput(values, 'missing')).toBeUndefined();
    expect(readInput(values, 'constructor')).toBeUndefined();
  });

  it('keeps the original for an absent block or a whitespace-only difference; normalises line ends', () => {
    expect(readTextField(values, 'missing', 'orig')).toBe('orig');
    expect(readTextField(values, 'text', 'a\nb')).toBe('a\nb');
    expect(readTextField(values, 'text', ' a\nb ')).toBe(' a\nb ');
    expect(readTextField(values, 'text', 'z')).toBe('a\nb');
    expect(readTextField(values, 'empty', 'z')).toBe('');
  });

  it('reads optional texts: unchanged stays as it was, emptied is none', () => {
    expect(readOptionalField(values, 'missing', undefined)).toBeUndefined();
    expect(readOptionalField(values, 'missing', ' ')).toBe(' ');
    expect(readOptionalField(values, 'empty', 'Ann')).toBeUndefined();
    expect(readOptionalField(values, 'select', undefined)).toBe('yes');
  });

  it('tells an emptied required text from a stored one', () => {
    expect(wasEmptied('', 'a')).toBe(true);
    expect(wasEmptied(' ', ' ')).toBe(false);
    expect(wasEmptied('b', 'a')).toBe(false);
  });
});
