import type { Document, LineCounter } from 'yaml';
import { isMap, isNode, isScalar, isSeq } from 'yaml';
import { MAX_NESTING } from './spec-limits.js';

/** A structural problem of a YAML document, at its 1-based line. */
export interface YamlTreeProblem {
  line: number;
  message: string;
}

/**
 * Checks what the YAML library is told not to (its own duplicate-key check compares every key
 * with every other one, quadratic in the size of a mapping) and what would make converting the
 * document expensive: duplicate keys (one Set per mapping), keys that are lists or mappings
 * (converted by stringifying them), and nesting deeper than MAX_NESTING. Iterative, so a deeply
 * nested file cannot overflow the stack here. Linear in the number of nodes.
 */
export function checkYamlTree(doc: Document, lineCounter: LineCounter): YamlTreeProblem[] {
  const problems: YamlTreeProblem[] = [];
  const lineOf = (node: unknown): number => (isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1);
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() ?? { node: undefined, depth: 0 };
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_NESTING) {
      problems.push({
        line: lineOf(node),
        message: `lists and mappings are nested more than ${MAX_NESTING} levels deep here; a spec needs only a few`,
      });
      continue;
    }
    if (isSeq(node)) {
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
      continue;
    }
    const seen = new Set<string>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) {
        problems.push({
          line: lineOf(pair.key ?? pair.value ?? node),
          message: 'a key must be plain text, not a list, a mapping, an alias or nothing',
        });
        continue;
      }
      // Compared as text: the spec becomes a plain object, where 1 and "1" are the same key.
      const key = String(pair.key.value);
      if (seen.has(key)) problems.push({ line: lineOf(pair.key), message: 'Map keys must be unique' });
      seen.add(key);
      stack.push({ node: pair.value, depth: depth + 1 });
    }
  }
  return problems.sort((a, b) => a.line - b.line);
}
