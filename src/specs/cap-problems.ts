import { MAX_PROBLEMS_PER_FILE } from './spec-limits.js';
import type { SpecProblem } from './spec-problem.js';

/**
 * The first MAX_PROBLEMS_PER_FILE problems, then one more saying how many were left out, so a
 * file with thousands of mistakes is reported (and logged, and shown) in a few lines.
 */
export function capProblems(problems: readonly SpecProblem[]): SpecProblem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return [...problems];
  const more = problems.length - MAX_PROBLEMS_PER_FILE;
  return [
    ...problems.slice(0, MAX_PROBLEMS_PER_FILE),
    { path: '', message: `and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'}` },
  ];
}
