import type { EditFormValues } from './edit-form-values.js';
import { INPUT_ACTION_ID } from './text-field.js';

/**
 * The submitted value of the input in block `blockId`: a text input's text (`''` when emptied,
 * as Slack sends `null`), a select's chosen option value; `undefined` when the block was not in
 * the form. Reads the element with action id {@link INPUT_ACTION_ID}, else the block's only one.
 */
export function readInput(values: EditFormValues, blockId: string): string | undefined {
  // Own keys only: a block id such as "constructor" must not find Object's.
  const block = Object.hasOwn(values, blockId) ? values[blockId] : undefined;
  if (block === undefined) return undefined;
  const state = (Object.hasOwn(block, INPUT_ACTION_ID) ? block[INPUT_ACTION_ID] : undefined) ?? Object.values(block)[0];
  if (state === undefined) return undefined;
  return state.selected_option?.value ?? state.value ?? '';
}

/**
 * The edited text of block `blockId`, line ends as `\n`: `original` itself when the block was
 * not in the form (a part the form left out stays as it is) or when the submitted text equals
 * it but for surrounding whitespace (Slack may trim, and that is no edit).
 */
export function readTextField(values: EditFormValues, blockId: string, original: string): string {
  const raw = readInput(values, blockId);
  if (raw === undefined) return original;
  const text = raw.replace(/\r\n?/g, '\n');
  return text.trim() === original.trim() ? original : text;
}

/**
 * An optional text's edited value: `original` (even `undefined`) when unchanged, `undefined`
 * when emptied (the content says "none" by leaving it out), else the new text.
 */
export function readOptionalField(
  values: EditFormValues,
  blockId: string,
  original: string | undefined,
): string | undefined {
  const text = readTextField(values, blockId, original ?? '');
  if (text === (original ?? '')) return original;
  return text.trim() === '' ? undefined : text;
}

/** Whether the reviewer emptied a required text: it is blank now and was not before (stored content is never refused). */
export function wasEmptied(edited: string, original: string): boolean {
  return edited !== original && edited.trim() === '';
}
