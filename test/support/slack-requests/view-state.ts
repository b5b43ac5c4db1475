type Node = Record<string, unknown>;
type ViewState = { values: Record<string, Record<string, Record<string, unknown>>> };

/** Element types whose state is a typed `value`. */
const VALUE_TYPES = new Set(['plain_text_input', 'email_text_input', 'url_text_input', 'number_input']);

/**
 * Builds a submitted view's `state.values` from the view the app opened (e.g. a recorded
 * views.open call's `params.view`): every `input` block's element gets its `initial_value`
 * (plain_text_input) / `initial_option` / `initial_options` unless `edits` changes it.
 * `edits` keys: a block_id, `block_id.action_id`, or the input's label text; values: new text.
 * Throws when an edit matches no input block.
 */
export function viewStateFromView(view: unknown, edits: Record<string, string> = {}): ViewState {
  const values: ViewState['values'] = {};
  const blocks = isNode(view) && Array.isArray(view.blocks) ? view.blocks : [];
  const used = new Set<string>();
  blocks.forEach((block, index) => {
    if (!isNode(block) || block.type !== 'input' || !isNode(block.element)) return;
    const element = block.element;
    const blockId = typeof block.block_id === 'string' ? block.block_id : `block_${index}`;
    const actionId = typeof element.action_id === 'string' ? element.action_id : `action_${index}`;
    const label = isNode(block.label) ? block.label.text : undefined;
    const editKey = [`${blockId}.${actionId}`, blockId, typeof label === 'string' ? label : undefined].find(
      (k): k is string => k !== undefined && k in edits,
    );
    if (editKey !== undefined) used.add(editKey);
    const state = elementState(element, editKey === undefined ? undefined : edits[editKey]);
    values[blockId] = { ...(values[blockId] ?? {}), [actionId]: state };
  });
  const unused = Object.keys(edits).filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new Error(
      `viewStateFromView: no input block matches ${unused.join(', ')} (inputs: ${Object.keys(values).join(', ') || 'none'})`,
    );
  }
  return { values };
}

/** What Slack reports for one element: its typed value (`edit`, else the initial one) or its selection. */
function elementState(element: Node, edit: string | undefined): Record<string, unknown> {
  const type = typeof element.type === 'string' ? element.type : 'plain_text_input';
  if (VALUE_TYPES.has(type)) {
    const initial = typeof element.initial_value === 'string' ? element.initial_value : null;
    return { type, value: edit !== undefined ? edit : initial };
  }
  if (type === 'static_select' || type === 'radio_buttons')
    return { type, selected_option: element.initial_option ?? null };
  if (type === 'checkboxes' || type === 'multi_static_select')
    return { type, selected_options: element.initial_options ?? [] };
  return { type, value: edit !== undefined ? edit : null };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
