import { createHash } from 'node:crypto';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { describeContextFailure } from '../specs/context-file-problems.js';
import type { KnownFacts } from '../specs/fact-ref-problems.js';
import { fileIdentity, inspectContainedFile, readContainedFile } from '../specs/read-contained-file.js';
import { FACT_ID } from '../specs/spec-limits.js';
import type { InvalidSpec } from '../specs/spec-problem.js';
import { type Fact, MAX_FACT_FILE_BYTES } from './fact.js';
import { parseFact } from './parse-fact.js';

/** What KNOWLEDGE_DIR holds: the facts, and the files that are not usable facts with why. */
export interface KnowledgeLoadResult {
  /** The folder, resolved. */
  dir: string;
  facts: Fact[];
  /** Files (or the folder) with problems, reported like invalid specs (`coworker validate`, App Home). */
  invalid: InvalidSpec[];
}

const FACT_FILE = /\.md$/i;

/** What a file last read as, by its path: unchanged files (same identity) are not read or parsed again. */
export type FactFileCache = Map<string, { identity: string; result: { fact: Fact } | InvalidSpec }>;

/**
 * Reads the `*.md` files directly in `dir` (dotfiles skipped, in file-name order); each is a fact
 * named by its file name. With a `cache` (a KnowledgeSource keeps one), a file whose identity
 * (path, inode, size, times) is unchanged costs a stat, not a read. Never throws: a bad file is reported and the others are loaded; a
 * folder that does not exist holds no facts (the agents naming one are told); symlinks leading
 * out of the folder and files over MAX_FACT_FILE_BYTES are not read.
 */
export async function loadKnowledge(dir: string, cache: FactFileCache = new Map()): Promise<KnowledgeLoadResult> {
  const folder = path.resolve(dir);
  let names: string[];
  let root: string;
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    root = await realpath(folder);
    names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && FACT_FILE.test(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { dir: folder, facts: [], invalid: [] };
    const reason = err instanceof Error ? err.message : String(err);
    return {
      dir: folder,
      facts: [],
      invalid: [{ file: folder, problems: [{ path: '', message: `the knowledge folder cannot be read: ${reason}` }] }],
    };
  }
  const readFact = async (name: string): Promise<{ fact: Fact } | InvalidSpec> => {
    const file = path.join(folder, name);
    const id = name.replace(FACT_FILE, '');
    if (!FACT_ID.test(id)) {
      return {
        file,
        problems: [
          {
            path: '',
            message: `"${name}" is not a usable fact name: name the file in kebab-case (e.g. refund-policy.md), the id agents use`,
          },
        ],
      };
    }
    const cached = cache.get(file);
    if (cached) {
      const inspected = await inspectContainedFile(file, root, MAX_FACT_FILE_BYTES);
      if (inspected.ok && fileIdentity(inspected) === cached.identity) return cached.result;
    }
    const contents = await readContainedFile(file, root, MAX_FACT_FILE_BYTES);
    if (!contents.ok) {
      const message =
        contents.reason === 'too_large'
          ? `the file is ${Math.ceil(contents.size / 1000)} kB; a fact may hold at most ${MAX_FACT_FILE_BYTES / 1000} kB (it goes in every prompt that uses it): shorten it or split it`
          : describeContextFailure(name, contents).replace("the spec's folder", 'the knowledge folder');
      return { file, problems: [{ path: '', message }] };
    }
    const hash = createHash('sha256').update(contents.bytes).digest('hex');
    const parsed = parseFact(contents.bytes.toString('utf8'), file, id, hash);
    const result = parsed.ok ? { fact: parsed.fact } : { file, problems: parsed.problems };
    cache.set(file, { identity: fileIdentity(contents), result });
    return result;
  };
  // One after another: the reads are synchronous (read-contained-file.ts).
  const read: Array<{ fact: Fact } | InvalidSpec> = [];
  for (const name of names) read.push(await readFact(name));
  const present = new Set(names.map((name) => path.join(folder, name)));
  for (const file of cache.keys()) if (!present.has(file)) cache.delete(file);
  const facts: Fact[] = [];
  const invalid: InvalidSpec[] = [];
  for (const result of read) {
    if ('fact' in result) facts.push(result.fact);
    else invalid.push(result);
  }
  return { dir: folder, facts, invalid };
}

/** The ids a load offers to `context.knowledge`, and those of fact files that are not usable. */
export function knownFactsOf(loaded: Pick<KnowledgeLoadResult, 'dir' | 'facts' | 'invalid'>): KnownFacts {
  return {
    dir: loaded.dir,
    ids: new Set(loaded.facts.map((f) => f.id)),
    invalid: new Set(
      loaded.invalid.filter((i) => FACT_FILE.test(i.file)).map((i) => path.basename(i.file).replace(FACT_FILE, '')),
    ),
  };
}
