import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { CoworkerError } from '../errors.js';
import { describeContextFailure } from '../specs/context-file-problems.js';
import { readContainedFile } from '../specs/read-contained-file.js';
import { MAX_CONTEXT_FILE_BYTES } from '../specs/spec-limits.js';
import type { ContextFile } from './build-request.js';

export { MAX_CONTEXT_FILE_BYTES } from '../specs/spec-limits.js';

/**
 * Reads `context.files` (relative to the spec's folder) at run time, so edits apply to the next run.
 * The loader checked them already; they are checked again here, because a file may have been
 * swapped since (for a symlink out of the folder, say): resolved by real path, a file outside
 * the spec's folder is refused and never read, and at most MAX_CONTEXT_FILE_BYTES are read.
 * @throws CoworkerError `context_file_unreadable` or `context_too_large`, naming the file
 */
export async function readContextFiles(specFile: string, files: readonly string[]): Promise<ContextFile[]> {
  if (files.length === 0) return []; // most agents have none: no folder to resolve on every run
  const folder = path.dirname(specFile);
  const where = `context.files in ${path.basename(specFile)}`;
  let root: string;
  try {
    root = await realpath(folder);
  } catch (err) {
    throw new CoworkerError(
      'context_file_unreadable',
      `the folder of ${path.basename(specFile)} could not be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`,
      { cause: err },
    );
  }
  return Promise.all(
    files.map(async (relative) => {
      const read = await readContainedFile(path.resolve(folder, relative), root, MAX_CONTEXT_FILE_BYTES);
      if (read.ok) return { path: relative, text: read.bytes.toString('utf8') };
      switch (read.reason) {
        case 'too_large':
          throw new CoworkerError(
            'context_too_large',
            `the context file ${relative} is ${Math.ceil(read.size / 1000)} kB; a context file may hold at most ${MAX_CONTEXT_FILE_BYTES / 1000} kB. Shorten it or split the agent.`,
          );
        case 'missing':
          throw new CoworkerError(
            'context_file_unreadable',
            `the context file ${relative} (${where}) could not be read: ENOENT.`,
          );
        case 'unreadable':
          throw new CoworkerError(
            'context_file_unreadable',
            `the context file ${relative} (${where}) could not be read: ${read.code}.`,
          );
        case 'outside':
        case 'not_a_file':
          throw new CoworkerError(
            'context_file_unreadable',
            `the context file ${describeContextFailure(relative, read)} (${where}).`,
          );
        default: {
          const unknown: never = read;
          throw new CoworkerError('internal', `unexpected context file result ${String(unknown)}`);
        }
      }
    }),
  );
}
