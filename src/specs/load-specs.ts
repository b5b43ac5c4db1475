import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentSpec } from './agent-spec.js';
import { normalizeChannelRef } from './channel-ref.js';
import type { LocateLine } from './describe-issues.js';
import { parseSpec } from './parse-spec.js';
import type { InvalidSpec, SpecProblem } from './spec-problem.js';

export { formatProblem } from './spec-problem.js';
export type { InvalidSpec, SpecProblem } from './spec-problem.js';

/** A valid spec, ready to run. */
export interface LoadedAgent {
  spec: AgentSpec;
  /** Absolute path of the spec file. */
  file: string;
  /** SHA-256 (hex) of the file's raw bytes: tells a reload whether the file changed. */
  hash: string;
}

/** Every spec of a folder: the usable ones and the rest with their problems. */
export interface SpecLoadResult {
  agents: LoadedAgent[];
  invalid: InvalidSpec[];
}

const SPEC_FILE = /\.ya?ml$/i;

/**
 * Loads the `*.yaml` / `*.yml` files directly in `dir` (not recursive, dotfiles skipped), in
 * file-name order. Never throws for bad specs or a bad folder: one bad file never stops the
 * others, and a missing or unreadable folder is reported as a problem of the folder itself.
 *
 * After each file is checked on its own, the rules between agents apply in file-name order;
 * the later file of a conflicting pair is invalid, the earlier one stays usable:
 * names are unique, and a command trigger is unique within each channel (channels compared
 * normalised, `#Sales` == `sales`; IDs compared as they are).
 *
 * `env` fills `${VAR}` in the specs; a variable missing from it makes that spec invalid.
 */
export async function loadSpecs(dir: string, env: Readonly<Record<string, string | undefined>>): Promise<SpecLoadResult> {
  const folder = path.resolve(dir);
  let names: string[];
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && SPEC_FILE.test(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    return { agents: [], invalid: [{ file: folder, problems: [{ path: '', message: folderProblem(err) }] }] };
  }

  const candidates: Candidate[] = [];
  const invalid: InvalidSpec[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      invalid.push({ file, problems: [{ path: '', message: `cannot read the file (${errorCode(err)})` }] });
      continue;
    }
    const parsed = parseSpec(bytes.toString('utf8'), { defaultName: name.replace(SPEC_FILE, ''), env });
    if (!parsed.ok) {
      invalid.push({ file, problems: parsed.problems });
      continue;
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    candidates.push({ agent: { spec: parsed.spec, file, hash }, namedByFile: parsed.namedByFile, locate: parsed.locate });
  }

  const accepted: Candidate[] = [];
  for (const candidate of candidates) {
    const problems = crossAgentProblems(candidate, accepted);
    if (problems.length === 0) accepted.push(candidate);
    else invalid.push({ file: candidate.agent.file, problems });
  }
  invalid.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { agents: accepted.map((c) => c.agent), invalid };
}

interface Candidate {
  agent: LoadedAgent;
  namedByFile: boolean;
  locate: LocateLine;
}

/** What makes `candidate` conflict with the agents already accepted (earlier files). */
function crossAgentProblems(candidate: Candidate, accepted: readonly Candidate[]): SpecProblem[] {
  const { spec } = candidate.agent;
  const problems: SpecProblem[] = [];

  const namesake = accepted.find((a) => a.agent.spec.name === spec.name);
  if (namesake !== undefined) {
    const line = candidate.namedByFile ? undefined : candidate.locate(['name']);
    problems.push({
      path: 'name',
      ...(line === undefined ? {} : { line }),
      message: `another agent is already named "${spec.name}" (${path.basename(namesake.agent.file)}); agent names must be unique`,
    });
  }

  const command = spec.triggers.command;
  if (command !== undefined) {
    for (const other of accepted) {
      if (other.agent.spec.triggers.command !== command) continue;
      const theirs = new Set(other.agent.spec.channels.map(normalizeChannelRef));
      const shared = spec.channels.filter((ref) => theirs.has(normalizeChannelRef(ref)));
      if (shared.length === 0) continue;
      const line = candidate.locate(['triggers', 'command']);
      problems.push({
        path: 'triggers.command',
        ...(line === undefined ? {} : { line }),
        message: `"${command}" is already the command of agent "${other.agent.spec.name}" (${path.basename(other.agent.file)}) in ${shared.join(', ')}; a command must be unique in each channel`,
      });
    }
  }
  return problems;
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
