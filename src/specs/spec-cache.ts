import { createHash } from 'node:crypto';
import type { ParsedSpec, ParseSpecOptions } from './parse-spec.js';
import { parseSpec } from './parse-spec.js';
import type { ContainedFile, ContainedFileFailure } from './read-contained-file.js';
import { inspectContainedFile, readContainedFile } from './read-contained-file.js';
import { MAX_SPEC_FILE_BYTES } from './spec-limits.js';

/** One spec file as read: parsed, or refused; `hash` (SHA-256 of the bytes) when it was read. */
export interface ReadSpec {
  parsed: ParsedSpec;
  hash: string | undefined;
}

interface Entry {
  /** Real path, device, inode, size, mtime and ctime (ns): any write or retargeted symlink changes it. */
  key: string;
  hash: string;
  read: ReadSpec;
}

/**
 * Parse results of spec files by path, so a reload re-parses only what changed: a file whose
 * real path and stat are unchanged is not read at all, one whose bytes are unchanged (touched,
 * or rewritten identically) is read but not parsed. Results depend on the parse options, so a
 * cache forgets everything when it is used with other ones.
 */
export class SpecCache {
  #entries = new Map<string, Entry>();
  #options: { env: ParseSpecOptions['env']; models: string } | undefined;

  /**
   * `file` (a path listed in the folder whose real path is `root`) read and parsed, or the reason
   * it cannot be: outside `root` through a symlink, not a regular file, over MAX_SPEC_FILE_BYTES
   * (checked with stat before reading), unreadable. A refused file is never read. Never throws.
   * `knownRealPath`: see `inspectContainedFile`.
   */
  async read(file: string, root: string, options: ParseSpecOptions, knownRealPath?: string): Promise<ReadSpec> {
    this.#useOptions(options);
    const cached = this.#entries.get(file);
    if (cached !== undefined) {
      // Known file: a stat (no read) tells whether it can have changed.
      const inspected = await inspectContainedFile(file, root, MAX_SPEC_FILE_BYTES, knownRealPath);
      if (!inspected.ok) return refused(inspected);
      if (cached.key === keyOf(inspected)) return cached.read;
    }

    const bytes = await readContainedFile(file, root, MAX_SPEC_FILE_BYTES, knownRealPath);
    if (!bytes.ok) return refused(bytes);
    const hash = createHash('sha256').update(bytes.bytes).digest('hex');
    const read =
      cached !== undefined && cached.hash === hash
        ? cached.read
        : { parsed: parseSpec(bytes.bytes.toString('utf8'), options), hash };
    this.#entries.set(file, { key: keyOf(bytes), hash, read });
    return read;
  }

  /** Forgets the files not in `files` (removed from the folder). */
  retain(files: ReadonlySet<string>): void {
    for (const file of this.#entries.keys()) if (!files.has(file)) this.#entries.delete(file);
  }

  #useOptions(options: ParseSpecOptions): void {
    const models = JSON.stringify(options.models ?? null);
    if (this.#options !== undefined && this.#options.env === options.env && this.#options.models === models) return;
    this.#entries.clear();
    this.#options = { env: options.env, models };
  }
}

function keyOf(file: ContainedFile): string {
  const { dev, ino, size, mtimeNs, ctimeNs } = file.stats;
  return [file.realPath, dev, ino, size, mtimeNs, ctimeNs].join(':');
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
