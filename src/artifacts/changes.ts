import { z } from 'zod';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { fitEditParts } from '../block-kit/fit-edit-parts.js';
import { REVIEW_SURFACE_TEXT, truncate } from '../block-kit/limits.js';
import { readTextField, wasEmptied } from '../block-kit/read-input.js';
import { textField } from '../block-kit/text-field.js';
import type { ArtifactType, EditChange } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';
import { fieldAgreement, listComparison, matchLists, sameText } from './comparison.js';
import { editChange } from './edit-change.js';
import { type ListNouns, renderListPost, renderListReview } from './list-surfaces.js';

/** The spec's `artifact:` section for proposed changes: no options beyond the type. */
export const ChangesOptions = z.object({ type: z.literal('changes') });
export type ChangesOptions = z.infer<typeof ChangesOptions>;

/** Proposed updates to records elsewhere (a CRM, a sheet): what changes, from what, to what, and why. */
export const ChangesContent = z
  .object({
    changes: z
      .array(
        z.object({
          record: z.string().min(1).describe('Which record changes: its id or a name that identifies it.'),
          field: z.string().min(1).describe('Which field of the record changes.'),
          before: z.string().describe('The current value, as text; "" when the field is empty.'),
          after: z.string().describe('The proposed value, as text; "" to clear the field.'),
          reason: z.string().min(1).describe('Why, in one sentence.'),
        }),
      )
      .describe('The proposed changes; reviewers refer to them as "change 1", "change 2", ...'),
  })
  .describe('Proposed record updates, each field by field: before -> after, with a reason.');
export type ChangesContent = z.infer<typeof ChangesContent>;
type Change = ChangesContent['changes'][number];

// Values are shown on one line; a long one is cut so that a line stays readable.
const MAX_VALUE = 500;
// The current value under an edited one: enough to recognise it.
const MAX_HINT_VALUE = 300;

/** How the list surfaces name this type's items. */
const NOUNS: ListNouns = { item: 'change', items: 'changes', title: 'Changes', counted: ['change', 'changes'] };

/** `changes`: proposed record updates, reviewed as numbered before → after lines; targets `change N`. */
export const changesArtifact: ArtifactType<ChangesOptions, ChangesContent> = {
  type: 'changes',
  options: ChangesOptions,

  contentSchema() {
    return ChangesContent;
  },

  guidance() {
    return 'Propose record updates, one field per change: the record, the field, its current value, the new value and the reason.';
  },

  renderReview(content, _options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    return renderListReview(
      content.changes.map((change) => mrkdwnChange(change)),
      NOUNS,
      maxBlocks,
      maxChars,
    );
  },

  toText(content) {
    if (content.changes.length === 0) return '(no changes)\n';
    return content.changes
      .map(
        (c, i) =>
          `${i + 1}. ${oneLine(c.record)} · ${oneLine(c.field)}: ${shown(oneLine(c.before))} → ${shown(oneLine(c.after))}\n   Reason: ${oneLine(c.reason)}\n`,
      )
      .join('');
  },

  renderPost(content) {
    return renderListPost(
      content.changes.map((change) => mrkdwnChange(change).text),
      NOUNS,
    );
  },

  approvedFiles() {
    return [];
  },

  targets(content) {
    return content.changes.map((_, i) => `change ${i + 1}`);
  },

  editForm(content, _options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    return fitEditParts({
      count: content.changes.length,
      part: (i) => {
        const change = content.changes[i] ?? { record: '', field: '', before: '', after: '', reason: '' };
        const n = i + 1;
        const where = `${oneLine(truncate(change.record, MAX_VALUE))} · ${oneLine(truncate(change.field, MAX_VALUE))}`;
        return [
          textField({
            blockId: changeBlock(n, 'after'),
            label: `${n}. ${where}: new value`,
            name: `Change ${n}'s new value`,
            value: change.after,
            optional: true,
            multiline: true,
            hint: `Now: ${truncate(shown(oneLine(truncate(change.before, MAX_HINT_VALUE))), MAX_HINT_VALUE)}. Empty clears the field.`,
          }),
          textField({
            blockId: changeBlock(n, 'reason'),
            label: `${n}. Reason`,
            name: `Change ${n}'s reason`,
            value: change.reason,
          }),
        ];
      },
      noun: ['change', 'changes'],
      maxBlocks,
      empty: 'No changes are proposed: there is nothing to edit.',
    });
  },

  readEditForm(values, original) {
    const errors: Record<string, string> = {};
    const changes = original.changes.map((change, i) => {
      const n = i + 1;
      const after = readTextField(values, changeBlock(n, 'after'), change.after);
      const reason = readTextField(values, changeBlock(n, 'reason'), change.reason);
      if (wasEmptied(reason, change.reason))
        errors[changeBlock(n, 'reason')] = `Change ${n} needs a reason: say why in one sentence.`;
      return { ...change, after, reason };
    });
    const blockFor = ([key, index, part]: readonly PropertyKey[]) =>
      key === 'changes' && typeof index === 'number'
        ? changeBlock(index + 1, part === 'reason' ? 'reason' : 'after')
        : undefined;
    return failed(errors) ?? checkEdited(ChangesContent, { changes }, values, blockFor);
  },

  describeEdit(before, after) {
    const edits: EditChange[] = [];
    before.changes.forEach((change, i) => {
      const edited = after.changes[i];
      if (edited === undefined || (edited.after === change.after && edited.reason === change.reason)) return;
      edits.push(editChange(`change ${i + 1}`, describeChange(change), describeChange(edited)));
    });
    return edits;
  },
  async compare(expected, actual) {
    // A change is the same one only for the same record and field; then its values are compared
    // (the reason is free text for people, not scored).
    const match = matchLists(expected.changes, actual.changes, (e, a) =>
      sameText(e.record, a.record) && sameText(e.field, a.field)
        ? fieldAgreement([sameText(e.before, a.before) ? 1 : 0, sameText(e.after, a.after) ? 1 : 0])
        : 0,
    );
    return listComparison(match, { expected: expected.changes.length, nouns: ['change', 'changes'] });
  },
};

/** The block id of change `n`'s (1-based) new value or reason input in the Edit modal, e.g. `change_1_after`. */
export function changeBlock(n: number, part: 'after' | 'reason'): string {
  return `change_${n}_${part}`;
}

/** A change for a change description: what becomes what, and why. */
function describeChange(change: Change): string {
  return `${change.record} · ${change.field}: ${shown(change.before)} → ${shown(change.after)}\nReason: ${change.reason}`;
}

/** `record · field: before → after` and the reason on a second line, escaped; `cut` when a part was shortened. */
function mrkdwnChange(change: Change): { text: string; cut: boolean } {
  let cut = false;
  const part = (raw: string) => {
    // Cut before escaping too, so that a megabyte value costs no more than a short one.
    const clipped = truncate(raw, MAX_VALUE);
    const escaped = escapeMrkdwn(oneLine(clipped));
    const text = truncate(escaped, MAX_VALUE);
    cut ||= clipped !== raw || text !== escaped;
    return text;
  };
  const text = `${part(change.record)} · ${part(change.field)}: ${shown(part(change.before))} → ${shown(part(change.after))}\n      ↳ ${part(change.reason)}`;
  return { text, cut };
}

/** An empty value, made visible. */
function shown(value: string): string {
  return value === '' ? '(empty)' : value;
}
