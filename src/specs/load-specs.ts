import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { knownModels } from '../config/models.js';
import { capProblems } from './cap-problems.js';
import { contextFileProblems } from './context-file-problems.js';
import type { Candidate } from './cross-agent-rules.js';
import { applyCrossAgentRules } from './cross-agent-rules.js';
import { factRefProblems, type KnownFacts } from './fact-ref-problems.js';
import type { SpecLoadResult } from './loaded-agent.js';
import { type ReadSpec, SpecCache } from './spec-cache.js';
import type { InvalidSpec, SpecProblem } from './spec-problem.js';

export type { LoadedAgent, SpecLoadResult } from './loaded-agent.js';
export type { InvalidSpec, SpecProblem } from './spec-problem.js';
export { formatProblem } from './spec-problem.js';

/** How `loadSpecs` treats the specs besides `${VAR}`. */
export interface LoadSpecsOptions {
  /** The model ids `model:` may name (see `knownModels`); default: the model table. */
  models?: readonly string[];
  /**
   * Files of the agents loaded before this load (the current registry's): in a conflict between
   * agents they keep working and the newcomer is switched off. Empty on a first load.
   */
  loaded?: ReadonlySet<string>;
  /** Parse results of earlier loads, reused for unchanged files (SpecSource keeps one). */
  cache?: SpecCache;
  /**
   * The team facts `context.knowledge` may name; asked on every load, as KNOWLEDGE_DIR changes
   * too. Absent: any id passes (a caller that has no knowledge folder to check against).
   */
  knownFacts?: () => KnownFacts;
}

const SPEC_FILE = /\.ya?ml$/i;

/** One file, checked on its own: a candidate for the rules between agents, or its problems. */
type Checked = { file: string; candidate: Candidate } | { file: string; problems: SpecProblem[] };

/**
 * Loads the `*.yaml` / `*.yml` files directly in `dir` (not recursive, dotfiles skipped), in
 * file-name order. Never throws for bad specs or a bad folder: one bad file never stops the
 * others, and a missing or unreadable folder is reported as a problem of the folder itself.
 *
 * Files are resolved by their real paths: a spec (or a context file) reached through a symlink
 * leading out of the folder is a problem and is never read; a spec over 256 KB is a problem and
 * is not read. Each file reports at most 50 problems (then "and N more problems").
 *
 * A spec valid on its own must also have readable `context.files` (a run would fail on them)
 * and name only usable facts in `context.knowledge` (when `options.knownFacts` is given),
 * then the rules between agents apply: unique names, a command unique per channel (see
 * `applyCrossAgentRules`: agents in `options.loaded` win conflicts, then file-name order).
 *
 * `env` fills `${VAR}` in the specs; a variable missing from it makes that spec invalid.
 */
export async function loadSpecs(
  dir: string,
  env: Readonly<Record<string, string | undefined>>,
  options: LoadSpecsOptions = {},
): Promise<SpecLoadResult> {
  const folder = path.resolve(dir);
  let names: string[];
  let root: string;
  /** Names listed as regular files: their real path is `root`'s joined with the name. */
  let regular: Set<string>;
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    // The folder itself may be a symlink (a mount, a deploy layout): what is inside its real path counts.
    root = await realpath(folder);
    names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && SPEC_FILE.test(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
    regular = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
  } catch (err) {
    return {
      agents: [],
      invalid: [{ file: folder, problems: [{ path: '', message: folderProblem(err) }] }],
      warnings: [],
    };
  }

  const cache = options.cache ?? new SpecCache();
  const models = options.models ?? knownModels();
  const files = new Set(names.map((name) => path.join(folder, name)));
  const knownFacts = options.knownFacts?.();
  const specFiles = names.map((name) => ({
    file: path.join(folder, name),
    options: { defaultName: name.replace(SPEC_FILE, ''), env, models },
    knownRealPath: regular.has(name) ? path.join(root, name) : undefined,
  }));
  const reads = await cache.readAll(specFiles, root);
  const check = async ({ parsed, hash }: ReadSpec, file: string): Promise<Checked> => {
    if (!parsed.ok || hash === undefined) return { file, problems: parsed.ok ? [] : parsed.problems };
    const agent = { spec: parsed.spec, file, hash };
    const contextProblems = [
      ...(await contextFileProblems(agent, root, parsed.locate)),
      ...(knownFacts ? factRefProblems(agent, knownFacts, parsed.locate) : []),
    ];
    if (contextProblems.length > 0) return { file, problems: capProblems(contextProblems) };
    return { file, candidate: { agent, namedByFile: parsed.namedByFile, locate: parsed.locate } };
  };
  // One after another: the checks' stats are synchronous (read-contained-file.ts).
  const checked: Checked[] = [];
  for (const [index, read] of reads.entries()) checked.push(await check(read, specFiles[index]?.file ?? ''));
  const candidates: Candidate[] = [];
  const invalid: InvalidSpec[] = [];
  for (const result of checked) {
    if ('candidate' in result) candidates.push(result.candidate);
    else invalid.push({ file: result.file, problems: result.problems });
  }
  cache.retain(files);

  const outcome = applyCrossAgentRules(candidates, options.loaded ?? new Set());
  for (const [file, problems] of outcome.rejected) invalid.push({ file, problems: capProblems(byLine(problems)) });
  const warnings = [...outcome.warnings].map(([file, problems]) => ({ file, problems: capProblems(byLine(problems)) }));
  // Agents keep file-name order, whoever won a conflict.
  const accepted = new Set(outcome.accepted.map((c) => c.agent.file));
  return {
    agents: candidates.filter((c) => accepted.has(c.agent.file)).map((c) => c.agent),
    invalid: invalid.sort(byFile),
    warnings: warnings.sort(byFile),
  };
}

function byFile(a: InvalidSpec, b: InvalidSpec): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function byLine(problems: SpecProblem[]): SpecProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

function folderProblem(err: unknown): string {
  switch (errorCode(err)) {
    case 'ENOENT':
      return 'the agents folder does not exist';
    case 'ENOTDIR':
      return 'the agents folder is not a folder';
    default:
      return `cannot read the agents folder (${errorCode(err)})`;
  }
}

function errorCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}
