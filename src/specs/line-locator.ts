import type { Document, LineCounter, Pair, YAMLMap } from 'yaml';
import { isMap, isNode, isScalar, isSeq } from 'yaml';
import type { ValuePath } from './interpolate.js';

/**
 * A function giving the 1-based line of the YAML node at a value path: for a mapping entry the
 * line of its key, for a sequence item the line of the item. When the path leads to something
 * absent (a missing key), the line of the deepest node that exists, i.e. of the entry holding the
 * parent mapping (or of the root mapping). An alias is not followed: what lies behind it is
 * reported at the alias. Undefined only for an empty document.
 *
 * Each mapping's keys are indexed on first use, so locating every problem of a file costs time
 * linear in the file, not a scan of the mapping per problem.
 */
export function lineLocator(doc: Document, lineCounter: LineCounter): (valuePath: ValuePath) => number | undefined {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const entry = (map: YAMLMap, key: string): Pair | undefined => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const item of map.items) {
        // The first of duplicate keys, as the YAML library reports them (duplicates are refused anyway).
        if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      }
      indexes.set(map, index);
    }
    return index.get(key);
  };

  return (valuePath) => {
    let node: unknown = doc.contents;
    let line = lineOfNode(node, lineCounter);
    for (const segment of valuePath) {
      if (isMap(node)) {
        const pair = entry(node, String(segment));
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
  };
}

function lineOfNode(node: unknown, lineCounter: LineCounter): number | undefined {
  if (!isNode(node) || !node.range) return undefined;
  return lineCounter.linePos(node.range[0]).line;
}
