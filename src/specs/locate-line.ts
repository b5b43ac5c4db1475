import { isAlias, isMap, isNode, isScalar, isSeq } from 'yaml';
import type { Document, LineCounter } from 'yaml';
import type { ValuePath } from './interpolate.js';

/**
 * The 1-based line of the YAML node at `valuePath`: for a mapping entry the line of its key,
 * for a sequence item the line of the item. When the path leads to something absent (a missing
 * key), the line of the deepest node that exists, i.e. of the entry holding the parent mapping
 * (or of the root mapping). Undefined only for an empty document.
 */
export function locateLine(doc: Document, lineCounter: LineCounter, valuePath: ValuePath): number | undefined {
  let node: unknown = doc.contents;
  let line = lineOfNode(node, lineCounter);
  for (const segment of valuePath) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (pair === undefined) return line;
      line = lineOfNode(pair.key, lineCounter) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) return line;
      line = lineOfNode(item, lineCounter) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

function lineOfNode(node: unknown, lineCounter: LineCounter): number | undefined {
  if (!isNode(node) || !node.range) return undefined;
  return lineCounter.linePos(node.range[0]).line;
}
