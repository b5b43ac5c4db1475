import { LineCounter, parseDocument } from 'yaml';
import { AgentSpec } from './agent-spec.js';
import { describeIssues } from './describe-issues.js';
import type { LocateLine } from './describe-issues.js';
import { interpolate } from './interpolate.js';
import { locateLine } from './locate-line.js';
import { formatPath } from './spec-problem.js';
import type { SpecProblem } from './spec-problem.js';

/** What `parseSpec` needs besides the text. */
export interface ParseSpecOptions {
  /** The agent's name when the file has no `name:` (the loader passes the file name without extension). */
  defaultName: string;
  /** Values for `${VAR}`; passed in, never read from `process.env` here. */
  env: Readonly<Record<string, string | undefined>>;
}

/** A usable spec, or every problem found in the file (never both). */
export type ParsedSpec =
  | {
      ok: true;
      spec: AgentSpec;
      /** True when the file has no `name:` and the name is `defaultName`. */
      namedByFile: boolean;
      /** Line of any field of the file, for later cross-agent checks. */
      locate: LocateLine;
    }
  | { ok: false; problems: SpecProblem[] };

/**
 * Parses the text of one spec file: YAML (syntax errors with their line), then `${VAR}`
 * interpolation, then the `AgentSpec` schema, every problem mapped to the line of its node.
 * Never throws for bad input: problems are returned, sorted by line.
 */
export function parseSpec(text: string, options: ParseSpecOptions): ParsedSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((err) => ({ path: '', line: lineCounter.linePos(err.pos[0]).line, message: `invalid YAML: ${err.message}` })),
    };
  }
  const locate: LocateLine = (valuePath) => locateLine(doc, lineCounter, valuePath);

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // e.g. too many aliases: the document is well-formed YAML but not usable data.
    return { ok: false, problems: [{ path: '', message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  if (raw === null || raw === undefined) {
    return { ok: false, problems: [{ path: '', message: 'the file is empty: a spec needs at least channels, instructions and artifact.type' }] };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [{ path: '', line: locate([]) ?? 1, message: 'a spec is a mapping of fields (channels:, instructions:, artifact:, ...), not a list or a single value' }],
    };
  }

  const interpolated = interpolate(raw, options.env);
  const missing: SpecProblem[] = interpolated.problems.map((p) => withLine(formatPath(p.path), locate(p.path), p.message));
  const fields = interpolated.value as Record<string, unknown>;
  const namedByFile = !Object.hasOwn(fields, 'name');
  const input = namedByFile ? { name: options.defaultName, ...fields } : fields;

  const result = AgentSpec.safeParse(input);
  if (result.success && missing.length === 0) return { ok: true, spec: result.data, namedByFile, locate };

  const schemaProblems = result.success ? [] : describeIssues(result.error.issues, input, locate);
  const problems = schemaProblems
    // A string with an unset variable fails its own checks too; the variable is the news.
    .filter((p) => !missing.some((m) => p.path === m.path || p.path.startsWith(`${m.path}.`) || p.path.startsWith(`${m.path}[`)))
    .map((p) =>
      namedByFile && p.path === 'name'
        ? {
            path: 'name',
            message: `the file name "${options.defaultName}" is not a valid agent name: rename the file or add a name: (lower-case letters, digits and single hyphens, e.g. lead-digest)`,
          }
        : p,
    );
  const hide = redactVariables(text, options.env);
  return { ok: false, problems: sortByLine([...missing, ...problems]).map((p) => ({ ...p, message: hide(p.message) })) };
}

/**
 * Problems quote the values they refuse; a value that came from `${VAR}` may be a secret (a
 * webhook secret, a URL with a token in it), and problems reach logs and App Home. So every
 * variable the file uses is shown by name instead of by value.
 */
function redactVariables(text: string, env: Readonly<Record<string, string | undefined>>): (message: string) => string {
  const used = new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] ?? ''));
  // Longest first, so a value that contains another is replaced whole; tiny values would garble the words.
  const values = [...used]
    .map((name) => [name, env[name]] as const)
    .filter((pair): pair is readonly [string, string] => typeof pair[1] === 'string' && pair[1].length >= 4)
    .sort((a, b) => b[1].length - a[1].length);
  return (message) => values.reduce((m, [name, value]) => m.split(value).join(`\${${name}}`), message);
}

function withLine(path: string, line: number | undefined, message: string): SpecProblem {
  return line === undefined ? { path, message } : { path, line, message };
}

function sortByLine(problems: SpecProblem[]): SpecProblem[] {
  // Stable: problems on the same line keep the schema's order.
  return [...problems].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}
