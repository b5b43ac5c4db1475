/**
 * Where a process's CPU time went, from a V8 `.cpuprofile` (`node --cpu-prof`): self time by
 * part (a package under node_modules, a folder of src/, Node's internals, PGlite's WebAssembly,
 * the garbage collector) and the busiest functions, optionally only within a time window.
 * Frames in the bundle (dist/*.js) are named by the file and line they were bundled from, read
 * from the source map next to each chunk.
 */
import { readFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuSummary {
  /** Milliseconds sampled in the window, idle excluded. */
  busyMs: number;
  idleMs: number;
  byPart: Array<{ part: string; ms: number }>;
  byFunction: Array<{ fn: string; ms: number }>;
  /**
   * Time with a src/ file's code on the stack, callees included (so shares overlap). Only the
   * synchronous part counts: a profile does not follow `await`.
   */
  bySrcFileInclusive: Array<{ file: string; ms: number }>;
}

/**
 * Summarises `file`. `window` is in microseconds of the monotonic clock (`process.hrtime`, which
 * V8's profile timestamps share on Linux); without it the whole profile counts.
 */
export async function summariseCpuProfile(file: string, window?: { from: number; to: number }): Promise<CpuSummary> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  await mapToSources(profile.nodes);
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const srcFiles = new Map<string, number>();
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let at = profile.startTime;
  let idle = 0;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.from || at > window.to)) return;
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const ms = delta / 1000;
    if (frame.functionName === '(idle)') {
      idle += ms;
      return;
    }
    busy += ms;
    const part = partOf(frame.url, frame.functionName);
    parts.set(part, (parts.get(part) ?? 0) + ms);
    const fn = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
      const url = nodes.get(at)?.callFrame.url ?? '';
      if (url.includes('/src/') && !url.includes('/node_modules/')) onStack.add(shortUrl(url));
    }
    for (const file of onStack) srcFiles.set(file, (srcFiles.get(file) ?? 0) + ms);
  });
  const sorted = <K extends string>(map: Map<string, number>, key: K) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => ({ [key]: name, ms }) as { [k in K]: string } & { ms: number });
  return {
    busyMs: busy,
    idleMs: idle,
    byPart: sorted(parts, 'part'),
    byFunction: sorted(functions, 'fn'),
    bySrcFileInclusive: sorted(srcFiles, 'file'),
  };
}

/** Rewrites each bundled frame to its original file and line (0-based, as V8's), where a map says. */
async function mapToSources(nodes: ProfileNode[]): Promise<void> {
  const maps = new Map<string, Promise<SourceMap | undefined>>();
  const mapOf = (url: string) => {
    let map = maps.get(url);
    if (map === undefined) {
      map = readFile(`${fileURLToPath(url)}.map`, 'utf8').then(
        (text) => new SourceMap(JSON.parse(text)),
        () => undefined,
      );
      maps.set(url, map);
    }
    return map;
  };
  for (const node of nodes) {
    const frame = node.callFrame;
    if (!frame.url.startsWith('file://') || !frame.url.includes('/dist/')) continue;
    const map = await mapOf(frame.url);
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry === undefined || !('originalSource' in entry)) continue;
    const original = entry.originalSource;
    const url = original.startsWith('file://')
      ? original
      : pathToFileURL(path.resolve(path.dirname(fileURLToPath(frame.url)), original)).href;
    node.callFrame = { ...frame, url, lineNumber: entry.originalLine };
  }
}

function partOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('wasm://')) return 'WebAssembly'; // PGlite's, and undici's HTTP parser (llhttp)
  if (url.startsWith('node:')) return 'Node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? url);
  }
  const src = url.indexOf('/src/');
  if (src >= 0) {
    const rest = url.slice(src + 1).split('/');
    return rest.length > 2 ? `${rest[0]}/${rest[1]}/` : `${rest.join('/')}`;
  }
  return path.basename(url);
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  return src >= 0 ? url.slice(src + 1) : url;
}
