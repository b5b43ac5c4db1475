/** Every `text` string in a block tree, in document order, joined by newlines: for asserting what a reader sees. */
export function textOf(node: unknown): string {
  return texts(node).join('\n');
}

function texts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === 'text' && typeof value === 'string' ? [value] : texts(value),
  );
}
