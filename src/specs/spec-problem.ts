import path from 'node:path';
import type { ValuePath } from './interpolate.js';

/** One thing wrong with a spec file, located as precisely as the file allows. */
export interface SpecProblem {
  /** The field, e.g. `triggers.command` or `triggers.schedule[0].cron`; `""` for the whole file. */
  path: string;
  /** 1-based line in the file, when the problem can be tied to one. */
  line?: number;
  /** Plain words for the spec's author: what is wrong and, where useful, what to write. */
  message: string;
}

/** A spec file that cannot be used, with everything wrong with it. */
export interface InvalidSpec {
  /** Absolute path of the file (or of the agents folder, when the folder itself is the problem). */
  file: string;
  problems: SpecProblem[];
}

/** Renders a value path as people write it: `['triggers', 'schedule', 0, 'cron']` -> `triggers.schedule[0].cron`. */
export function formatPath(valuePath: ValuePath): string {
  let out = '';
  for (const segment of valuePath) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * One problem as one line, compiler style: `agents/foo.yaml:12: triggers.command: <message>`.
 * The file is shown relative to `cwd` when given; the line and the path are left out when unknown/empty.
 */
export function formatProblem(file: string, problem: SpecProblem, cwd?: string): string {
  const shown = cwd === undefined ? file : path.relative(cwd, file) || '.';
  const location = problem.line === undefined ? shown : `${shown}:${problem.line}`;
  const field = problem.path === '' ? '' : `${problem.path}: `;
  return `${location}: ${field}${problem.message}`;
}
