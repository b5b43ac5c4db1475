/**
 * The layering check: every folder directly under `src/`, and every file directly in it, is a part; an import from one
 * part into another (type-only imports count) is an edge. The parts must form no cycle, so the tree reads one way:
 * trigger -> run -> artifact -> review -> correction. Run by `.ci/run` (`npm run check:parts`); exits 1 and prints
 * each cycle with the imports that close it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

type Edge = { from: string; to: string; file: string; specifier: string };

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src'));

// Static imports and re-exports (`import … from`, `export … from`, `import type … from`), side-effect imports and
// dynamic `import()`. Comments are removed first so an example in a comment is not an edge.
const importPattern =
  /(?:^|[\s;])(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [path] : [];
  });
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** The part a file belongs to: its first path segment under `src/`, without the extension for a top-level file. */
function partOf(file: string): string {
  const [first = ''] = relative(root, file).split(sep);
  return first.replace(/\.(ts|tsx|mts|cts|js)$/, '');
}

function importsOf(file: string): string[] {
  const text = stripComments(readFileSync(file, 'utf8'));
  return [...text.matchAll(importPattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((s) => s.startsWith('.'));
}

function edgesOf(files: string[]): Edge[] {
  return files.flatMap((file) =>
    importsOf(file).flatMap((specifier) => {
      const target = resolve(dirname(file), specifier);
      if (!target.startsWith(root + sep)) return [];
      const from = partOf(file);
      const to = partOf(target);
      return from === to ? [] : [{ from, to, file: relative(root, file), specifier }];
    }),
  );
}

/** Tarjan's strongly connected components; a component of more than one part is a cycle. */
function cyclesOf(parts: string[], next: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (part: string): void => {
    index.set(part, counter);
    low.set(part, counter);
    counter += 1;
    stack.push(part);
    onStack.add(part);
    for (const to of next.get(part) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(part, Math.min(low.get(part) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(part, Math.min(low.get(part) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(part) === index.get(part)) {
      const component: string[] = [];
      for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
        onStack.delete(member);
        component.push(member);
        if (member === part) break;
      }
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const part of parts) if (!index.has(part)) visit(part);
  return components;
}

/** The shortest closed path through the parts of one cycle (breadth first from each member), first part repeated last. */
function shortestCycle(component: string[], next: Map<string, Set<string>>): string[] {
  const members = new Set(component);
  let best: string[] = [];
  for (const start of component) {
    const previous = new Map<string, string>();
    const queue = [start];
    let closing: string | undefined;
    for (let head = 0; head < queue.length && closing === undefined; head += 1) {
      const part = queue[head] ?? start;
      for (const to of next.get(part) ?? []) {
        if (!members.has(to)) continue;
        if (to === start) {
          closing = part;
          break;
        }
        if (!previous.has(to)) {
          previous.set(to, part);
          queue.push(to);
        }
      }
    }
    if (closing === undefined) continue;
    const path = [start];
    for (let part: string | undefined = closing; part !== undefined && part !== start; part = previous.get(part)) {
      path.splice(1, 0, part);
    }
    path.push(start);
    if (best.length === 0 || path.length < best.length) best = path;
  }
  return best;
}

/** Parts in an order where each comes after everything it imports (only meaningful without cycles). */
function layersOf(parts: string[], next: Map<string, Set<string>>): string[][] {
  const depth = new Map<string, number>();
  const depthOf = (part: string): number => {
    const known = depth.get(part);
    if (known !== undefined) return known;
    depth.set(part, 0);
    const value = Math.max(-1, ...[...(next.get(part) ?? [])].map(depthOf)) + 1;
    depth.set(part, value);
    return value;
  };
  const layers: string[][] = [];
  for (const part of parts) {
    const d = depthOf(part);
    layers[d] = [...(layers[d] ?? []), part];
  }
  return layers.map((layer) => layer.sort());
}

const files = sourceFiles(root);
const parts = [...new Set(files.map(partOf))].sort();
const edges = edgesOf(files);
const next = new Map<string, Set<string>>();
for (const edge of edges) next.set(edge.from, (next.get(edge.from) ?? new Set()).add(edge.to));

const cycles = cyclesOf(parts, next);
if (cycles.length === 0) {
  console.log(`parts of ${relative(process.cwd(), root) || '.'}: no import cycle between ${parts.length} parts`);
  layersOf(parts, next).forEach((layer, depth) => {
    console.log(`  ${depth}: ${layer.join(', ')}`);
  });
} else {
  for (const cycle of cycles) {
    const path = shortestCycle(cycle, next);
    console.error(`import cycle between the parts of src/: ${path.join(' -> ')}`);
    for (const [i, from] of path.slice(0, -1).entries()) {
      const to = path[i + 1];
      const via = edges.filter((e) => e.from === from && e.to === to);
      const shown = via.slice(0, 3).map((e) => `${e.file} imports '${e.specifier}'`);
      const more = via.length > shown.length ? ` (and ${via.length - shown.length} more)` : '';
      console.error(`  ${from} -> ${to}: ${shown.join('; ')}${more}`);
    }
    if (cycle.length > path.length - 1) console.error(`  (the cycle's component also holds ${cycle.join(', ')})`);
  }
  process.exitCode = 1;
}
