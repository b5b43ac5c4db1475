import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CoworkerError } from '../errors.js';
import type { ContextFile } from './build-request.js';

/** One reference file may hold this much; more is a spec problem, not something to cut silently. */
export const MAX_CONTEXT_FILE_BYTES = 200_000;

/**
 * Reads `context.files` (relative to the spec's folder) at run time, so edits apply to the next run.
 * @throws CoworkerError `context_file_unreadable` or `context_too_large`, naming the file
 */
export async function readContextFiles(specFile: string, files: readonly string[]): Promise<ContextFile[]> {
  const folder = path.dirname(specFile);
  return Promise.all(
    files.map(async (relative) => {
      const absolute = path.resolve(folder, relative);
      let size: number;
      try {
        size = (await stat(absolute)).size;
      } catch (err) {
        throw new CoworkerError('context_file_unreadable', 'user', `the context file ${relative} (context.files in ${path.basename(specFile)}) could not be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`, { cause: err });
      }
      if (size > MAX_CONTEXT_FILE_BYTES) {
        throw new CoworkerError('context_too_large', 'user', `the context file ${relative} is ${Math.ceil(size / 1000)} kB; a context file may hold at most ${MAX_CONTEXT_FILE_BYTES / 1000} kB. Shorten it or split the agent.`);
      }
      return { path: relative, text: await readFile(absolute, 'utf8') };
    }),
  );
}
