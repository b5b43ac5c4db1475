import path from 'node:path';
import { knownFactsOf, loadKnowledge } from '../knowledge/load-knowledge.js';
import { formatProblem, loadSpecs } from '../specs/load-specs.js';

/** What `coworker validate` needs; the environment and output are passed in so tests drive it directly. */
export interface ValidateAgentsOptions {
  /** The specs folder (AGENTS_DIR), absolute or relative to `cwd`. */
  agentsDir: string;
  /** Values for `${VAR}` in the specs. */
  env: Readonly<Record<string, string | undefined>>;
  /** Paths are printed relative to this folder. */
  cwd: string;
  /** Receives each output line (without a newline). */
  write: (line: string) => void;
  /** The model ids a spec may name (see `knownModels`); default: the model table. */
  models?: readonly string[];
  /** The team facts folder (KNOWLEDGE_DIR), absolute or relative to `cwd`; default `./knowledge`. */
  knowledgeDir?: string;
}

/**
 * `coworker validate`: checks every spec the app would load, as a first load would (including
 * context files, models, the facts `context.knowledge` names and conflicts between agents, both
 * sides of which are printed), and every fact file in KNOWLEDGE_DIR; prints each problem as
 * `file:line: field: message` in file order, then a summary line for the agents (and one for the
 * facts, when the folder holds any). Returns the exit code: 0 when every spec and fact is valid
 * (also when there are none), 1 otherwise.
 */
export async function validateAgents(opts: ValidateAgentsOptions): Promise<number> {
  const folder = path.resolve(opts.cwd, opts.agentsDir);
  const knowledge = await loadKnowledge(path.resolve(opts.cwd, opts.knowledgeDir ?? 'knowledge'));
  const { agents, invalid, warnings } = await loadSpecs(folder, opts.env, {
    ...(opts.models === undefined ? {} : { models: opts.models }),
    knownFacts: () => knownFactsOf(knowledge),
  });
  const reported = [...invalid, ...warnings, ...knowledge.invalid].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
  for (const spec of reported) {
    for (const problem of spec.problems) opts.write(formatProblem(spec.file, problem, opts.cwd));
  }

  const factsLine = describeFacts(knowledge.facts.length, knowledge.invalid, knowledge.dir, opts.cwd);
  const factsFailed = knowledge.invalid.length > 0;
  const shownFolder = path.relative(opts.cwd, folder) || '.';
  const folderFailed = invalid.some((spec) => spec.file === folder);
  if (folderFailed) {
    opts.write(`✗ no agents loaded from ${shownFolder}`);
  } else if (invalid.length > 0 || warnings.length > 0) {
    opts.write(`${countOf(agents.length, 'agent')} valid, ${invalid.length} invalid`);
  } else if (agents.length === 0) {
    opts.write(`No agent specs (*.yaml, *.yml) in ${shownFolder}`);
  } else {
    opts.write(`${factsFailed ? '' : '✓ '}${countOf(agents.length, 'agent')} valid`);
  }
  if (factsLine) opts.write(factsLine);
  return folderFailed || invalid.length > 0 || warnings.length > 0 || factsFailed ? 1 : 0;
}

/** `✓ 3 facts valid`, `2 facts valid, 1 invalid`, `✗ no facts loaded from knowledge`; none for a folder without fact files. */
function describeFacts(
  valid: number,
  invalid: readonly { file: string }[],
  dir: string,
  cwd: string,
): string | undefined {
  if (invalid.some((i) => i.file === dir)) return `✗ no facts loaded from ${path.relative(cwd, dir) || '.'}`;
  if (valid === 0 && invalid.length === 0) return undefined;
  if (invalid.length > 0) return `${countOf(valid, 'fact')} valid, ${invalid.length} invalid`;
  return `✓ ${countOf(valid, 'fact')} valid`;
}

function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
