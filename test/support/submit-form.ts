import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';

type Node = Record<string, unknown>;

/**
 * The `view.state.values` Slack sends when a form of these blocks is submitted: every input
 * block as it was prefilled, except those in `edits` (block_id -> the new text, or the chosen
 * option's value for a select; `null` or `''` for an emptied input). Throws when an edit names
 * no input block, so a test cannot edit a part the form does not hold without noticing.
 */
export function submitForm(blocks: readonly unknown[], edits: Record<string, string | null> = {}): EditFormValues {
  const values: EditFormValues = {};
  const inputs = blocks.filter((b): b is Node => isNode(b) && b.type === 'input');
  for (const block of inputs) {
    const id = String(block.block_id);
    const el = isNode(block.element) ? block.element : {};
    const actionId = String(el.action_id);
    const edited = Object.hasOwn(edits, id) ? (edits[id] ?? '') : undefined;
    if (el.type === 'static_select') {
      const initial = isNode(el.initial_option) ? { value: String(el.initial_option.value) } : null;
      values[id] = {
        [actionId]: {
          type: 'static_select',
          selected_option: edited === undefined ? initial : edited === '' ? null : { value: edited },
        },
      };
    } else {
      const initial = typeof el.initial_value === 'string' ? el.initial_value : null;
      const value = edited === undefined ? initial : edited === '' ? null : edited;
      values[id] = { [actionId]: { type: String(el.type), value } };
    }
  }
  const unknown = Object.keys(edits).filter((id) => !Object.hasOwn(values, id));
  if (unknown.length > 0) throw new Error(`not input blocks of the form: ${unknown.join(', ')}`);
  return values;
}

/** block_id -> what the input shows first (a text's `initial_value`, a select's option value); `undefined` when empty. */
export function initialValues(blocks: readonly unknown[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const block of blocks) {
    if (!isNode(block) || block.type !== 'input' || !isNode(block.element)) continue;
    const el = block.element;
    const initial = isNode(el.initial_option) ? el.initial_option.value : el.initial_value;
    out[String(block.block_id)] = typeof initial === 'string' ? initial : undefined;
  }
  return out;
}

/** The block ids of the input blocks, in order. */
export function inputIds(blocks: readonly unknown[]): string[] {
  return blocks.filter((b): b is Node => isNode(b) && b.type === 'input').map((b) => String(b.block_id));
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
