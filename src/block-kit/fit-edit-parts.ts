import type { ContextBlock, InputBlock } from '@slack/types';

/** The repeated parts of an edit form (rows, sections, items) and where they go. */
export interface EditParts {
  /** Blocks before the parts (a document's title); always kept. */
  lead?: (InputBlock | ContextBlock)[];
  /** How many parts the content has. */
  count: number;
  /** The blocks of part `index` (0-based); called only for parts that may still fit. */
  part: (index: number) => (InputBlock | ContextBlock)[];
  /** What a part is called, singular and plural: `['row', 'rows']`. */
  noun: readonly [string, string];
  /** Blocks the form may use. */
  maxBlocks: number;
  /** The note shown when there are no parts (and no lead), e.g. `This table has no rows.` */
  empty?: string;
}

/**
 * The lead, then whole parts in order while they fit `maxBlocks`; when some do not, a context
 * note saying which parts are not in the form and that they stay as they are (room for it is
 * kept). Never more than `maxBlocks` blocks.
 */
export function fitEditParts(parts: EditParts): (InputBlock | ContextBlock)[] {
  const out = [...(parts.lead ?? [])];
  if (parts.count === 0 && out.length === 0 && parts.empty !== undefined) out.push(note(`_${parts.empty}_`));
  let shown = 0;
  for (let i = 0; i < parts.count; i += 1) {
    const blocks = parts.part(i);
    const reserve = i + 1 < parts.count ? 1 : 0;
    if (out.length + blocks.length + reserve > parts.maxBlocks) break;
    out.push(...blocks);
    shown += 1;
  }
  if (shown < parts.count) out.push(leftOutNote(shown, parts.count, parts.noun));
  return out.slice(0, Math.max(0, parts.maxBlocks));
}

function leftOutNote(shown: number, total: number, [one, many]: readonly [string, string]): ContextBlock {
  let text: string;
  if (shown === 0)
    text =
      total === 1
        ? `_The ${one} does not fit in this form: it stays as it is._`
        : `_The ${total} ${many} do not fit in this form: they stay as they are._`;
  else {
    const rest =
      shown + 1 === total
        ? `${capitalise(one)} ${total} is not shown here and stays as it is.`
        : `${capitalise(many)} ${shown + 1}–${total} are not shown here and stay as they are.`;
    text = `_Only ${shown === 1 ? `${one} 1 of ${total} fits` : `${many} 1–${shown} of ${total} fit`} in this form. ${rest}_`;
  }
  return note(text);
}

function note(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
