/**
 * Find Block Kit buttons by their visible text, as a person would, and read a surface's visible text.
 *
 * ```ts
 * const approve = findButton(call.params.blocks, 'Approve');
 * await sendBlockAction(appUrl, secret, { user: 'U1', channel, message_ts: ts, action: approve });
 * ```
 */

/** A button found in blocks, with the id of the block holding it. */
export interface FoundButton {
  /** Always `button`. */
  type: 'button';
  /** The button's action_id. */
  action_id: string;
  /** The button's value, when it has one. */
  value?: string;
  /** The visible label. */
  label: string;
  /** The block the button sits in (when the block has a block_id). */
  block_id?: string;
  /** The button's text object as sent. */
  text: { type: string; text: string; [key: string]: unknown };
  /** `primary` / `danger`, when styled. */
  style?: string;
  /** Link button URL, when set. */
  url?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalize(text: string): string {
  return text
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/[\u{1F000}-\u{1FAFF}\u{2600}-\u{27BF}]|\u{FE0F}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

function blocksOf(source: unknown): unknown[] {
  if (Array.isArray(source)) return source;
  if (isObject(source)) {
    if (Array.isArray(source.blocks)) return source.blocks;
    if (isObject(source.view)) return blocksOf(source.view);
    if (isObject(source.message)) return blocksOf(source.message);
    if (isObject(source.params)) return blocksOf(source.params);
  }
  return [];
}

function asButton(element: unknown, blockId: string | undefined): FoundButton | undefined {
  if (!isObject(element) || element.type !== 'button' || typeof element.action_id !== 'string') return undefined;
  const text = isObject(element.text) && typeof element.text.text === 'string' ? element.text : undefined;
  if (!text) return undefined;
  const found: FoundButton = {
    type: 'button',
    action_id: element.action_id,
    label: String(text.text),
    text: { ...text, type: String(text.type), text: String(text.text) },
  };
  if (typeof element.value === 'string') found.value = element.value;
  if (blockId !== undefined) found.block_id = blockId;
  if (typeof element.style === 'string') found.style = element.style;
  if (typeof element.url === 'string') found.url = element.url;
  return found;
}

/**
 * Every button in `source` (a blocks array, or a message / view / recorded call holding `blocks`):
 * `actions` block elements and section accessories, in order.
 */
export function listButtons(source: unknown): FoundButton[] {
  const buttons: FoundButton[] = [];
  for (const block of blocksOf(source)) {
    if (!isObject(block)) continue;
    const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
    if (block.type === 'actions' && Array.isArray(block.elements)) {
      for (const element of block.elements) {
        const button = asButton(element, blockId);
        if (button) buttons.push(button);
      }
    }
    if (block.type === 'section') {
      const button = asButton(block.accessory, blockId);
      if (button) buttons.push(button);
    }
  }
  return buttons;
}

/**
 * The button whose visible text is `visibleText` (case, emoji and surrounding spaces ignored),
 * or undefined.
 */
export function queryButton(source: unknown, visibleText: string): FoundButton | undefined {
  const wanted = normalize(visibleText);
  const buttons = listButtons(source);
  return buttons.find((b) => b.label === visibleText) ?? buttons.find((b) => normalize(b.label) === wanted);
}

/**
 * The button whose visible text is `visibleText`. Throws, listing the buttons present, when there
 * is none. Its `{ action_id, value, block_id }` can be passed straight to `sendBlockAction`.
 */
export function findButton(source: unknown, visibleText: string): FoundButton {
  const found = queryButton(source, visibleText);
  if (found) return found;
  const present = listButtons(source).map((b) => `"${b.label}" (${b.action_id})`);
  throw new Error(
    `findButton: no button "${visibleText}"; buttons present: ${present.length > 0 ? present.join(', ') : 'none'}`,
  );
}

function collectText(node: unknown, out: string[]): void {
  if (typeof node === 'string') return;
  if (Array.isArray(node)) {
    for (const item of node) collectText(item, out);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.text === 'string') out.push(node.text);
  if (typeof node.alt_text === 'string' && node.type !== 'image') out.push(node.alt_text);
  if (typeof node.initial_value === 'string') out.push(node.initial_value);
  if (node.type === 'user' && typeof node.user_id === 'string') out.push(`<@${node.user_id}>`);
  if (node.type === 'link' && typeof node.url === 'string' && typeof node.text !== 'string') out.push(node.url);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'text' && typeof value === 'string') continue;
    if (typeof value === 'object' && value !== null) collectText(value, out);
  }
}

/**
 * All visible text of a surface (blocks array, or a message / view / call holding `blocks`):
 * section/header/context/markdown text, fields, table cells, rich text, button labels and input
 * values, joined by newlines. Handy for `expect(blocksText(blocks)).toContain('Run failed')`.
 */
export function blocksText(source: unknown): string {
  const out: string[] = [];
  collectText(blocksOf(source), out);
  return out.join('\n');
}
