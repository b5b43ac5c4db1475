import { z } from 'zod';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { fitEditParts } from '../block-kit/fit-edit-parts.js';
import {
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT,
  MAX_SECTION_TEXT,
  MAX_TOP_LEVEL_TEXT,
  REVIEW_SURFACE_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { packLines } from '../block-kit/pack-lines.js';
import { readOptionalField, readTextField, wasEmptied } from '../block-kit/read-input.js';
import { textField } from '../block-kit/text-field.js';
import type { ArtifactType, EditChange } from './artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';
import { fieldAgreement, listComparison, matchLists, sameText, wordOverlap } from './comparison.js';
import { editChange } from './edit-change.js';

/** The spec's `artifact:` section for a checklist: no options beyond the type. */
export const ChecklistOptions = z.object({ type: z.literal('checklist') });
export type ChecklistOptions = z.infer<typeof ChecklistOptions>;

/** A list of things to do, each optionally with an owner and a due date. */
export const ChecklistContent = z
  .object({
    items: z
      .array(
        z.object({
          text: z.string().min(1).describe('What has to be done, as one short imperative sentence.'),
          owner: z.string().min(1).optional().describe('Who does it (a name or a Slack user id); omit when unknown.'),
          due: z
            .string()
            .min(1)
            .optional()
            .describe('When it is due, preferably YYYY-MM-DD; omit when there is no date.'),
        }),
      )
      .describe('The items in order; reviewers refer to them as "item 1", "item 2", ...'),
  })
  .describe('A checklist of action items.');
export type ChecklistContent = z.infer<typeof ChecklistContent>;
type ChecklistItem = ChecklistContent['items'][number];

/** `checklist`: items with owner / due, reviewed as a numbered list; targets `item N`. */
export const checklistArtifact: ArtifactType<ChecklistOptions, ChecklistContent> = {
  type: 'checklist',
  options: ChecklistOptions,

  contentSchema() {
    return ChecklistContent;
  },

  guidance() {
    return 'List the action items, one concrete task each, with an owner and a due date when the input names them.';
  },

  renderReview(content, _options, maxBlocks, maxChars = REVIEW_SURFACE_TEXT) {
    if (content.items.length === 0) return { blocks: [emptyNote()], truncated: false };
    const lines = content.items.map((item, i) => `*${i + 1}.* ${mrkdwnItem(item)}`);
    const packed = packLines(lines, {
      maxBlocks,
      maxChars,
      more: (hidden) => `_…${hidden} more ${hidden === 1 ? 'item' : 'items'} not shown_`,
    });
    return { blocks: packed.blocks, truncated: packed.truncated };
  },

  toText(content) {
    if (content.items.length === 0) return '(no items)\n';
    return content.items.map((item, i) => `${i + 1}. [ ] ${textItem(item)}\n`).join('');
  },

  renderPost(content) {
    if (content.items.length === 0) return { text: 'No items.', blocks: [emptyNote()] };
    const lines = content.items.map((item) => `☐ ${mrkdwnItem(item)}`);
    const packed = packLines(lines, {
      maxBlocks: MAX_BLOCKS_PER_MESSAGE,
      maxChars: MAX_MESSAGE_TEXT,
      more: (hidden) => `_…${hidden} more ${hidden === 1 ? 'item' : 'items'} were cut to fit Slack_`,
    });
    const count = `${content.items.length} ${content.items.length === 1 ? 'item' : 'items'}`;
    return {
      text: truncate(`Checklist (${count}): ${oneLine(content.items[0]?.text ?? '')}`, MAX_TOP_LEVEL_TEXT),
      blocks: packed.blocks,
    };
  },

  approvedFiles() {
    return [];
  },

  targets(content) {
    return content.items.map((_, i) => `item ${i + 1}`);
  },

  editForm(content, _options, maxBlocks = MAX_EDIT_FORM_BLOCKS) {
    return fitEditParts({
      count: content.items.length,
      part: (i) => {
        const item = content.items[i] ?? { text: '' };
        const n = i + 1;
        const first = i === 0;
        return [
          textField({ blockId: itemBlock(n, 'text'), label: `Item ${n}`, value: item.text }),
          textField({
            blockId: itemBlock(n, 'owner'),
            label: `Item ${n} owner`,
            value: item.owner ?? '',
            optional: true,
            hint: first ? 'A name or a Slack user id; empty for nobody.' : undefined,
          }),
          textField({
            blockId: itemBlock(n, 'due'),
            label: `Item ${n} due`,
            value: item.due ?? '',
            optional: true,
            hint: first ? 'A date, preferably YYYY-MM-DD; empty for none.' : undefined,
          }),
        ];
      },
      noun: ['item', 'items'],
      maxBlocks,
      empty: 'This checklist has no items: there is nothing to edit.',
    });
  },

  readEditForm(values, original) {
    const errors: Record<string, string> = {};
    const items = original.items.map((item, i) => {
      const n = i + 1;
      const text = readTextField(values, itemBlock(n, 'text'), item.text);
      if (wasEmptied(text, item.text))
        errors[itemBlock(n, 'text')] = `Item ${n} needs some text: say what has to be done.`;
      const edited: ChecklistItem = { text };
      const owner = readOptionalField(values, itemBlock(n, 'owner'), item.owner);
      const due = readOptionalField(values, itemBlock(n, 'due'), item.due);
      if (owner !== undefined) edited.owner = owner;
      if (due !== undefined) edited.due = due;
      return edited;
    });
    return failed(errors) ?? checkEdited(ChecklistContent, { items }, values, blockFor);
  },

  describeEdit(before, after) {
    const changes: EditChange[] = [];
    before.items.forEach((item, i) => {
      const edited = after.items[i];
      if (edited === undefined || (edited.text === item.text && edited.owner === item.owner && edited.due === item.due))
        return;
      changes.push(editChange(`item ${i + 1}`, describeItem(item), describeItem(edited)));
    });
    return changes;
  },
  async compare(expected, actual) {
    // An item agrees by its text's words and, where either names them, its owner and due date.
    const match = matchLists(expected.items, actual.items, (e, a) =>
      fieldAgreement([
        wordOverlap(e.text, a.text),
        ...(e.owner !== undefined || a.owner !== undefined ? [sameText(e.owner, a.owner) ? 1 : 0] : []),
        ...(e.due !== undefined || a.due !== undefined ? [sameText(e.due, a.due) ? 1 : 0] : []),
      ]),
    );
    return listComparison(match, { expected: expected.items.length, nouns: ['item', 'items'] });
  },
};

/** The block id of item `n`'s (1-based) text, owner or due input in the Edit modal, e.g. `item_2_text`. */
export function itemBlock(n: number, part: 'text' | 'owner' | 'due'): string {
  return `item_${n}_${part}`;
}

function blockFor([key, index, part]: readonly PropertyKey[]): string | undefined {
  if (key !== 'items' || typeof index !== 'number') return undefined;
  return itemBlock(index + 1, part === 'owner' || part === 'due' ? part : 'text');
}

/** An item for a change description: its text, then owner and due when set. */
function describeItem(item: ChecklistItem): string {
  const meta = [
    item.owner !== undefined && `owner: ${item.owner}`,
    item.due !== undefined && `due: ${item.due}`,
  ].filter(Boolean);
  return `${item.text}${meta.length > 0 ? ` — ${meta.join(' · ')}` : ''}`;
}

/** One item as an escaped mrkdwn line; parts longer than a section are cut first (the line is cut to fit later anyway). */
function mrkdwnItem(item: ChecklistItem): string {
  const line = (text: string) => escapeMrkdwn(oneLine(truncate(text, MAX_SECTION_TEXT)));
  const meta = [item.owner && `owner: ${line(item.owner)}`, item.due && `due ${line(item.due)}`].filter(Boolean);
  return `${line(item.text)}${meta.length > 0 ? ` — ${meta.join(' · ')}` : ''}`;
}

function textItem(item: ChecklistItem): string {
  const meta = [item.owner && `owner: ${oneLine(item.owner)}`, item.due && `due ${oneLine(item.due)}`].filter(Boolean);
  return `${oneLine(item.text)}${meta.length > 0 ? ` (${meta.join(', ')})` : ''}`;
}

function emptyNote() {
  return { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: '_No items._' }] };
}
