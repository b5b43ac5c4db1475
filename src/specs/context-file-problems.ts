import path from 'node:path';
import type { LocateLine } from './describe-issues.js';
import type { LoadedAgent } from './loaded-agent.js';
import type { ContainedFileFailure } from './read-contained-file.js';
import { inspectContainedFile } from './read-contained-file.js';
import { MAX_CONTEXT_FILE_BYTES } from './spec-limits.js';
import type { SpecProblem } from './spec-problem.js';

/**
 * What a run of `agent` would hit reading its `context.files`: a file missing, unreadable, not a
 * regular file, over MAX_CONTEXT_FILE_BYTES, or leading out of the spec's folder (`root`, a real
 * path) through a symlink; each a problem at the line of its entry. Reads no file's content
 * (stat only), so it is cheap on every reload.
 */
export async function contextFileProblems(
  agent: LoadedAgent,
  root: string,
  locate: LocateLine,
): Promise<SpecProblem[]> {
  const folder = path.dirname(agent.file);
  const inspect = (relative: string) =>
    inspectContainedFile(path.resolve(folder, relative), root, MAX_CONTEXT_FILE_BYTES);
  const results = await Promise.all(agent.spec.context.files.map(inspect));
  const problems: SpecProblem[] = [];
  results.forEach((result, index) => {
    if (result.ok) return;
    const relative = agent.spec.context.files[index] ?? '';
    const line = locate(['context', 'files', index]);
    problems.push({
      path: `context.files[${index}]`,
      ...(line === undefined ? {} : { line }),
      message: describeContextFailure(relative, result),
    });
  });
  return problems;
}

/** Why the context file `relative` cannot be used, in the words of a spec problem. */
export function describeContextFailure(relative: string, failure: ContainedFileFailure): string {
  switch (failure.reason) {
    case 'missing':
      return `"${relative}" does not exist (context files are relative to the spec's folder)`;
    case 'unreadable':
      return `"${relative}" cannot be read (${failure.code})`;
    case 'outside':
      return `"${relative}" leads outside the spec's folder through a symlink: it is not read`;
    case 'not_a_file':
      return `"${relative}" is not a file`;
    case 'too_large':
      return `"${relative}" is ${Math.ceil(failure.size / 1000)} kB; a context file may hold at most ${MAX_CONTEXT_FILE_BYTES / 1000} kB: shorten it or split it`;
    default: {
      const unknown: never = failure;
      return String(unknown);
    }
  }
}
