import { truncate } from '../block-kit/limits.js';
import type { EditChange } from './artifact-type.js';
import { MAX_EDIT_CHANGE_TEXT } from './artifact-type.js';

/** An {@link EditChange} with `before` and `after` cut to {@link MAX_EDIT_CHANGE_TEXT} characters. */
export function editChange(target: string | null, before: string, after: string): EditChange {
  return { target, before: truncate(before, MAX_EDIT_CHANGE_TEXT), after: truncate(after, MAX_EDIT_CHANGE_TEXT) };
}

/** An empty value, made visible in a change description. */
export function shownValue(value: string): string {
  return value === '' ? '(empty)' : value;
}
