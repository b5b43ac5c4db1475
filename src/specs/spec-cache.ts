import { createHash } from 'node:crypto';
import { giveEventLoopTurn } from '../event-loop-turns.js';
import type { ParsedSpec, ParseSpecOptions } from './parse-spec.js';
import { parseSpecKeepingYaml } from './parse-spec.js';
import type { ContainedFileFailure } from './read-contained-file.js';
import { fileIdentity, inspectContainedFile, readContainedFile } from './read-contained-file.js';
import { MAX_SPEC_FILE_BYTES } from './spec-limits.js';

/** One spec file as read: parsed, or refused; `hash` (SHA-256 of the bytes) when it was read. */
export interface ReadSpec {
  parsed: ParsedSpec;
  hash: string | undefined;
}

/** A file to read: a path listed in the folder, and how to parse it. */
export interface SpecFile {
  file: string;
  options: ParseSpecOptions;
  /** Its real path, when the listing showed it is no symlink (see `inspectContainedFile`). */
  knownRealPath?: string | undefined;
}

/**
 * Where the YAML of spec files is remembered between starts (the database): the value each
 * file's bytes converted to, by content hash, so a start with many unchanged specs skips the
 * YAML stage. Only the files' own text is kept (`${VAR}` not filled in). Best effort: when it
 * fails, files are parsed as if it were empty.
 */
export interface SpecYamlStore {
  get(hashes: readonly string[]): Promise<ReadonlyMap<string, unknown>>;
  put(entries: ReadonlyArray<{ hash: string; value: unknown }>): Promise<void>;
}

interface Entry {
  /** Real path, device, inode, size, mtime and ctime (ns): any write or retargeted symlink changes it. */
  key: string;
  hash: string;
  read: ReadSpec;
}

/** A file read but not parsed yet. */
interface Unparsed {
  spec: SpecFile;
  key: string;
  hash: string;
  text: string;
  /** The same bytes' earlier result, when only the file's times changed. */
  same: ReadSpec | undefined;
}

/**
 * Parse results of spec files by path, so a reload re-parses only what changed: a file whose
 * real path and stat are unchanged is not read at all, one whose bytes are unchanged (touched,
 * or rewritten identically) is read but not parsed. Results depend on the parse options, so a
 * cache forgets everything when it is used with other ones. With a `SpecYamlStore`, what a
 * file's YAML converted to is also looked up there by content hash (one lookup per load).
 */
export class SpecCache {
  #entries = new Map<string, Entry>();
  #options: { env: ParseSpecOptions['env']; models: string } | undefined;
  readonly #store: SpecYamlStore | undefined;
  #storing: Promise<void> = Promise.resolve();

  constructor(store?: SpecYamlStore) {
    this.#store = store;
  }

  /**
   * Each file (a path listed in the folder whose real path is `root`) read and parsed, or the
   * reason it cannot be: outside `root` through a symlink, not a regular file, over
   * MAX_SPEC_FILE_BYTES (checked with stat before reading), unreadable. A refused file is never
   * read. Results in `files`' order. Never throws.
   */
  async readAll(files: readonly SpecFile[], root: string): Promise<ReadSpec[]> {
    if (files[0] !== undefined) this.#useOptions(files[0].options);
    // Read one after another: the reads are synchronous, and give the event loop its turns
    // themselves (read-contained-file.ts).
    const fetched: Array<ReadSpec | Unparsed> = [];
    for (const spec of files) fetched.push(await this.#fetch(spec, root));
    const unparsed = fetched.filter((f): f is Unparsed => !('parsed' in f) && f.same === undefined);
    const known = await this.#lookUp(unparsed.map((f) => f.hash));
    const remembered = new Map<string, unknown>();
    const reads: ReadSpec[] = [];
    for (const f of fetched) {
      if ('parsed' in f) {
        reads.push(f);
        continue;
      }
      let read = f.same;
      if (read === undefined) {
        // Parsing is synchronous: between files, Slack's requests get their turn every few ms.
        await giveEventLoopTurn();
        const value = known.get(f.hash);
        const { parsed, yaml } = parseSpecKeepingYaml(
          f.text,
          f.spec.options,
          value === undefined ? undefined : { value },
        );
        if (yaml !== undefined) remembered.set(f.hash, yaml.value);
        read = { parsed, hash: f.hash };
      }
      this.#entries.set(f.spec.file, { key: f.key, hash: f.hash, read });
      reads.push(read);
    }
    // Stored in the background: the next start profits, this one need not wait for it.
    if (remembered.size > 0 && this.#store !== undefined) {
      const stored = this.#store.put([...remembered].map(([hash, value]) => ({ hash, value }))).catch(() => undefined);
      this.#storing = Promise.all([this.#storing, stored]).then(() => undefined);
    }
    return reads;
  }

  /** Resolves once what the loads so far gave the store to remember is stored (or failed to be). */
  settled(): Promise<void> {
    return this.#storing;
  }

  /** Forgets the files not in `files` (removed from the folder). */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.#entries.keys()) if (!files.has(file)) this.#entries.delete(file);
  }

  /** The cached result of an unchanged file, a refusal, or the bytes to parse. */
  async #fetch(spec: SpecFile, root: string): Promise<ReadSpec | Unparsed> {
    const cached = this.#entries.get(spec.file);
    if (cached !== undefined) {
      // Known file: a stat (no read) tells whether it can have changed.
      const inspected = await inspectContainedFile(spec.file, root, MAX_SPEC_FILE_BYTES, spec.knownRealPath);
      if (!inspected.ok) return refused(inspected);
      if (cached.key === fileIdentity(inspected)) return cached.read;
    }
    const bytes = await readContainedFile(spec.file, root, MAX_SPEC_FILE_BYTES, spec.knownRealPath);
    if (!bytes.ok) return refused(bytes);
    const hash = createHash('sha256').update(bytes.bytes).digest('hex');
    return {
      spec,
      key: fileIdentity(bytes),
      hash,
      text: bytes.bytes.toString('utf8'),
      same: cached !== undefined && cached.hash === hash ? cached.read : undefined,
    };
  }

  async #lookUp(hashes: string[]): Promise<ReadonlyMap<string, unknown>> {
    if (this.#store === undefined || hashes.length === 0) return new Map();
    return this.#store.get([...new Set(hashes)]).catch(() => new Map());
  }

  #useOptions(options: ParseSpecOptions): void {
    const models = JSON.stringify(options.models ?? null);
    if (this.#options !== undefined && this.#options.env === options.env && this.#options.models === models) return;
    this.#entries.clear();
    this.#options = { env: options.env, models };
  }
}

function refused(failure: ContainedFileFailure): ReadSpec {
  return { parsed: { ok: false, problems: [{ path: '', message: refusal(failure) }] }, hash: undefined };
}

function refusal(failure: ContainedFileFailure): string {
  switch (failure.reason) {
    case 'missing':
      return 'the file is gone, or is a symlink to nothing';
    case 'unreadable':
      return `cannot read the file (${failure.code})`;
    case 'outside':
      return 'the file is a symlink leading outside the agents folder: it is not read (keep specs, and what they link to, inside AGENTS_DIR)';
    case 'not_a_file':
      return 'not a regular file (a symlink to a folder, a pipe or a device): it is not read';
    case 'too_large':
      return `the file is ${Math.ceil(failure.size / 1024)} KB; a spec file may hold at most ${MAX_SPEC_FILE_BYTES / 1024} KB: it is not read`;
    default: {
      const unknown: never = failure;
      return String(unknown);
    }
  }
}
