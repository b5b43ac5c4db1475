import { LineCounter, parseDocument } from 'yaml';
import { AgentSpec } from './agent-spec.js';
import { capProblems } from './cap-problems.js';
import { checkYamlTree } from './check-yaml-tree.js';
import { commentHint } from './comment-hint.js';
import type { LocateLine } from './describe-issues.js';
import { describeIssues } from './describe-issues.js';
import { interpolate } from './interpolate.js';
import { lineLocator } from './line-locator.js';
import type { SpecProblem } from './spec-problem.js';
import { formatPath } from './spec-problem.js';

/** What `parseSpec` needs besides the text. */
export interface ParseSpecOptions {
  /** The agent's name when the file has no `name:` (the loader passes the file name without extension). */
  defaultName: string;
  /** Values for `${VAR}`; passed in, never read from `process.env` here. */
  env: Readonly<Record<string, string | undefined>>;
  /** The model ids `model:` may name; any is accepted when undefined. */
  models?: readonly string[];
}

/** A usable spec, or the problems found in the file (never both). */
export type ParsedSpec =
  | {
      ok: true;
      spec: AgentSpec;
      /** True when the file has no `name:` and the name is `defaultName`. */
      namedByFile: boolean;
      /** Line of any field of the file, for later checks (context files, rules between agents). */
      locate: LocateLine;
    }
  | { ok: false; problems: SpecProblem[] };

/**
 * Parses the text of one spec file: YAML (syntax errors with their line), then `${VAR}`
 * interpolation, then the `AgentSpec` schema and the model table, every problem mapped to the
 * line of its node. Never throws for bad input: problems are returned, sorted by line, at most
 * MAX_PROBLEMS_PER_FILE of them (then one "and N more problems").
 *
 * Time and memory are linear in the size of the text: duplicate keys are checked here rather
 * than by the YAML library (quadratic), nesting is bounded before conversion, and aliases are
 * bounded by the library's alias count. The caller caps the size of the text.
 */
export function parseSpec(text: string, options: ParseSpecOptions, known?: KnownYaml): ParsedSpec {
  return parseSpecKeepingYaml(text, options, known).parsed;
}

/**
 * The value a spec file's YAML converted to, remembered from an earlier parse of the same bytes
 * (see `SpecYamlStore`): the YAML stage is skipped, and lines are looked up only when a problem
 * needs one (the text is parsed again then).
 */
export interface KnownYaml {
  value: unknown;
}

/** The longest spec text whose YAML is remembered: real specs are a few KB. */
const MAX_REMEMBERED_TEXT = 64 * 1024;

/**
 * `parseSpec`, also returning the YAML's value when this call converted it and it is worth
 * remembering (see `KnownYaml`): a usable spec, plain JSON data; undefined otherwise.
 */
export function parseSpecKeepingYaml(
  text: string,
  options: ParseSpecOptions,
  known?: KnownYaml,
): { parsed: ParsedSpec; yaml?: KnownYaml } {
  try {
    if (known !== undefined) return { parsed: checkValue(known.value, text, lazyLocator(text), options) };
    const yaml = readYaml(text);
    if (!yaml.ok) return { parsed: yaml };
    const checked = checkValue(yaml.value, text, yaml.locate, options);
    // A usable spec keeps its text, not its YAML document (many times the size), to find lines
    // with should a later problem (a conflict between agents) need one.
    const parsed = checked.ok ? { ...checked, locate: lazyLocator(text) } : checked;
    // Worth remembering only for a usable spec: one with problems needs its YAML parsed anyway,
    // for the lines of its problems. Nor for a file far beyond any real spec's size.
    const remember = parsed.ok && text.length <= MAX_REMEMBERED_TEXT && isPlainJson(yaml.value);
    return remember ? { parsed, yaml: { value: yaml.value } } : { parsed };
  } catch (err) {
    // Nothing above should throw for any text; should something still (a stack overflow on a
    // shape not foreseen), it is this file's problem, never a failure of the whole load.
    return {
      parsed: {
        ok: false,
        problems: [
          { path: '', message: `could not be read as a spec: ${err instanceof Error ? err.message : String(err)}` },
        ],
      },
    };
  }
}

/** The YAML stage: syntax, the tree's shape, the conversion to a value. */
function readYaml(
  text: string,
): { ok: true; value: unknown; locate: LocateLine } | { ok: false; problems: SpecProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const lineText = linesOf(text);
  if (doc.errors.length > 0) {
    const hinted = new Set<string>();
    return {
      ok: false,
      problems: capProblems(
        doc.errors.map((err) => {
          const line = lineCounter.linePos(err.pos[0]).line;
          // A `#` in a flow list breaks the YAML on its line or, when the list is left open, on the next one.
          const hint = commentHint(lineText(line), true) ?? commentHint(lineText(line - 1), true);
          const shown = hint !== undefined && !hinted.has(hint) ? ` (${hint})` : '';
          if (hint !== undefined) hinted.add(hint);
          return { path: '', line, message: `invalid YAML: ${err.message}${shown}` };
        }),
      ),
    };
  }
  const treeProblems = checkYamlTree(doc, lineCounter);
  if (treeProblems.length > 0) {
    return {
      ok: false,
      problems: capProblems(
        treeProblems.map(({ line, message }) => ({ path: '', line, message: `invalid YAML: ${message}` })),
      ),
    };
  }
  try {
    return { ok: true, value: doc.toJS(), locate: lineLocator(doc, lineCounter) };
  } catch (err) {
    // e.g. too many aliases: the document is well-formed YAML but not usable data.
    return {
      ok: false,
      problems: [{ path: '', message: `invalid YAML: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
}

/** Lines of a text whose YAML is known good, found by parsing it only when first asked. */
function lazyLocator(text: string): LocateLine {
  let locate: LocateLine | undefined;
  return (valuePath) => {
    if (locate === undefined) {
      const lineCounter = new LineCounter();
      locate = lineLocator(parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }), lineCounter);
    }
    return locate(valuePath);
  };
}

/** The spec stage: `${VAR}`, the schema and the model table, over the YAML's value. */
function checkValue(raw: unknown, text: string, locate: LocateLine, options: ParseSpecOptions): ParsedSpec {
  const lineText = linesOf(text);
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      problems: [
        { path: '', message: 'the file is empty: a spec needs at least channels, instructions and artifact.type' },
      ],
    };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          line: locate([]) ?? 1,
          message:
            'a spec is a mapping of fields (channels:, instructions:, artifact:, ...), not a list or a single value',
        },
      ],
    };
  }

  const interpolated = interpolate(raw, options.env);
  const missing: SpecProblem[] = interpolated.problems.map((p) =>
    withLine(formatPath(p.path), locate(p.path), p.message),
  );
  const fields = interpolated.value as Record<string, unknown>;
  const namedByFile = !Object.hasOwn(fields, 'name');
  const input = namedByFile ? { name: options.defaultName, ...fields } : fields;

  const result = AgentSpec.safeParse(input);
  const unknownModel = modelProblem(fields.model, options.models, locate);
  if (result.success && missing.length === 0 && unknownModel === undefined)
    return { ok: true, spec: result.data, namedByFile, locate };

  const explainEmpty = (line: number | undefined) =>
    line === undefined ? undefined : commentHint(lineText(line), false);
  const schemaProblems = result.success ? [] : describeIssues(result.error.issues, input, locate, explainEmpty);
  const missingPaths = new Set(missing.map((m) => m.path));
  const problems = schemaProblems
    // A string with an unset variable fails its own checks too; the variable is the news.
    .filter((p) => !isAtOrUnder(p.path, missingPaths))
    .map((p) =>
      namedByFile && p.path === 'name'
        ? {
            path: 'name',
            message: `the file name "${options.defaultName}" is not a valid agent name: rename the file or add a name: (lower-case letters, digits and single hyphens, e.g. lead-digest)`,
          }
        : p,
    );
  const hide = redactVariables(text, options.env);
  const all = sortByLine([...missing, ...problems, ...(unknownModel === undefined ? [] : [unknownModel])]);
  return { ok: false, problems: capProblems(all).map((p) => ({ ...p, message: hide(p.message) })) };
}

/**
 * Whether `value` survives JSON unchanged: objects, arrays, strings, booleans, null and finite
 * numbers other than -0 (YAML also has .inf, .nan and -0, which JSON would turn into others).
 */
function isPlainJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (item === null || typeof item === 'string' || typeof item === 'boolean') continue;
    if (typeof item === 'number') {
      if (!Number.isFinite(item) || Object.is(item, -0)) return false;
    } else if (Array.isArray(item)) {
      for (const element of item) stack.push(element);
    } else if (typeof item === 'object' && Object.getPrototypeOf(item) === Object.prototype) {
      for (const element of Object.values(item)) stack.push(element);
    } else {
      return false;
    }
  }
  return true;
}

/** `model:` naming a model the app does not know (a typo would fail every run at the model API). */
function modelProblem(
  model: unknown,
  models: readonly string[] | undefined,
  locate: LocateLine,
): SpecProblem | undefined {
  if (models === undefined || typeof model !== 'string' || model.trim() === '' || models.includes(model))
    return undefined;
  return withLine(
    'model',
    locate(['model']),
    `"${model}" is not a known model: use one of ${models.join(', ')}, or leave model out for the default (COWORKER_MODEL)`,
  );
}

/** The text of a 1-based line, splitting the file only when a hint is first looked for. */
function linesOf(text: string): (line: number) => string | undefined {
  let lines: string[] | undefined;
  return (line) => {
    lines ??= text.split(/\r?\n/);
    return line >= 1 ? lines[line - 1] : undefined;
  };
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

/** True when `fieldPath` (as `formatPath` writes it) is one of `paths` or inside one of them. Linear in its length. */
function isAtOrUnder(fieldPath: string, paths: ReadonlySet<string>): boolean {
  if (paths.size === 0) return false;
  if (paths.has(fieldPath)) return true;
  for (let i = 1; i < fieldPath.length; i += 1) {
    if ((fieldPath[i] === '.' || fieldPath[i] === '[') && paths.has(fieldPath.slice(0, i))) return true;
  }
  return false;
}

function withLine(path: string, line: number | undefined, message: string): SpecProblem {
  return line === undefined ? { path, message } : { path, line, message };
}

function sortByLine(problems: SpecProblem[]): SpecProblem[] {
  // Stable: problems on the same line keep the schema's order.
  return [...problems].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}
