import { z } from 'zod';
import { AgentSpec } from './agent-spec.js';
import type { ValuePath } from './interpolate.js';
import type { SpecProblem } from './spec-problem.js';
import { formatPath } from './spec-problem.js';

/** Maps a value path to its line in the spec file (see `lineLocator`). */
export type LocateLine = (valuePath: ValuePath) => number | undefined;

/**
 * Turns zod issues from parsing `input` with `AgentSpec` into problems a spec author can act on:
 * one per unknown key (with a "did you mean"), "required field is missing" instead of
 * "expected string, received undefined", the offending value named, and each located by `locate`.
 * `explainEmpty(line)` may add a hint to a problem about an empty value (e.g. a `#` comment that ate it).
 * Time linear in the number of issues and keys (given a `locate` that is).
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  locate: LocateLine,
  explainEmpty: (line: number | undefined) => string | undefined = () => undefined,
): SpecProblem[] {
  const problems: SpecProblem[] = [];
  for (const issue of issues) {
    const at: ValuePath = issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment));
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(AgentSpec, at, input);
      for (const key of issue.keys) {
        const keyPath = [...at, key];
        const suggestion = closest(key, known);
        const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
        problems.push(problem(keyPath, locate, `unknown field${hint}`));
      }
      continue;
    }
    const value = valueAt(input, at);
    const found = problem(at, locate, messageFor(issue, value));
    const hint = value === null ? explainEmpty(found.line) : undefined;
    problems.push(hint === undefined ? found : { ...found, message: `${found.message} (${hint})` });
  }
  return problems;
}

function problem(at: ValuePath, locate: LocateLine, message: string): SpecProblem {
  const line = locate(at);
  return line === undefined ? { path: formatPath(at), message } : { path: formatPath(at), line, message };
}

function messageFor(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'required field is missing';
    // zod's own wording starts with "Invalid input"; a schema's own message is kept.
    const expected = issue.message.startsWith('Invalid input')
      ? `expected ${describeType(issue.expected)}`
      : issue.message;
    return `${expected}, got ${describeValue(value)}`;
  }
  if (
    issue.code === 'invalid_union' &&
    issue.discriminator !== undefined &&
    'options' in issue &&
    issue.options !== undefined
  ) {
    const choices = issue.options.map(String).join(', ');
    if (value === undefined) return `required field is missing: one of ${choices}`;
    return `${typeof value === 'string' ? `"${value}"` : describeValue(value)} is not one of ${choices}`;
  }
  return issue.message;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping (key: value)';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
    case 'number':
    case 'boolean':
      return `${typeof value === 'number' ? 'the number' : ''} ${String(value)}`.trim();
    case 'object':
      return 'a mapping';
    default:
      return typeof value;
  }
}

function valueAt(root: unknown, at: ValuePath): unknown {
  let value = root;
  for (const segment of at) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** The keys the spec schema accepts for the mapping at `at` (empty when it cannot tell). */
function knownKeys(schema: z.core.$ZodType, at: ValuePath, input: unknown): string[] {
  let current: z.core.$ZodType | undefined = schema;
  let value = input;
  for (const segment of at) {
    const container = unwrap(current, value);
    value = valueAt(value, [segment]);
    if (container instanceof z.core.$ZodObject) current = container._zod.def.shape[String(segment)];
    else if (container instanceof z.core.$ZodArray) current = container._zod.def.element;
    else return [];
    if (current === undefined) return [];
  }
  const target = unwrap(current, value);
  return target instanceof z.core.$ZodObject ? Object.keys(target._zod.def.shape) : [];
}

/** Looks through optional/default/pipe wrappers, and picks the union variant `value` claims to be. */
function unwrap(schema: z.core.$ZodType, value: unknown): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.core.$ZodOptional ||
      current instanceof z.core.$ZodNullable ||
      current instanceof z.core.$ZodDefault ||
      current instanceof z.core.$ZodPrefault
    ) {
      current = current._zod.def.innerType;
    } else if (current instanceof z.core.$ZodPipe) {
      current = current._zod.def.in instanceof z.core.$ZodTransform ? current._zod.def.out : current._zod.def.in;
    } else if (current instanceof z.core.$ZodDiscriminatedUnion) {
      const key = current._zod.def.discriminator;
      const claimed = valueAt(value, [key]);
      const match = current._zod.def.options.find((option) => {
        const inner = unwrap(option, value);
        const field = inner instanceof z.core.$ZodObject ? inner._zod.def.shape[key] : undefined;
        return field !== undefined && z.safeParse(field, claimed).success;
      });
      if (match === undefined) return current;
      current = match;
    } else {
      return current;
    }
  }
}

/** The known key closest to a misspelt one, when it is close enough to be a likely typo. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = Math.max(1, Math.floor(key.length / 3));
  for (const candidate of known) {
    // The length difference bounds the distance from below: skip what cannot be close (and long keys cheaply).
    if (Math.abs(candidate.length - key.length) > limit) continue;
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
