/** A key or index on the way from the document root to a value. */
export type ValuePath = ReadonlyArray<string | number>;

/** A `${VAR}` that the environment does not define. */
export interface InterpolationProblem {
  /** Where the string that mentions it is, e.g. `['on_approve', 1, 'webhook', 'url']`. */
  path: ValuePath;
  variable: string;
  message: string;
}

/** The interpolated value and every variable that could not be filled. */
export interface InterpolationResult {
  value: unknown;
  problems: InterpolationProblem[];
}

/** `${NAME}` to substitute, or `$${NAME}` to write a literal `${NAME}`. */
const REFERENCE = /\$(\$)?\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${VAR}` in every string of a parsed YAML value (mapping keys excluded) with
 * `env[VAR]`. `$${VAR}` stands for a literal `${VAR}`. A variable that is undefined in `env`
 * is reported with the path to its string and left in place, unreplaced. Pure: `env` is passed
 * in (never `process.env`), the input is not modified.
 */
export function interpolate(value: unknown, env: Readonly<Record<string, string | undefined>>): InterpolationResult {
  const problems: InterpolationProblem[] = [];
  const visit = (node: unknown, path: ValuePath): unknown => {
    if (typeof node === 'string') return interpolateString(node, env, path, problems);
    if (Array.isArray(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (isPlainObject(node)) {
      return Object.fromEntries(Object.entries(node).map(([key, item]) => [key, visit(item, [...path, key])]));
    }
    return node;
  };
  return { value: visit(value, []), problems };
}

function interpolateString(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  path: ValuePath,
  problems: InterpolationProblem[],
): string {
  return text.replace(REFERENCE, (whole: string, escaped: string | undefined, name: string) => {
    if (escaped !== undefined) return whole.slice(1);
    const replacement = Object.hasOwn(env, name) ? env[name] : undefined;
    if (replacement === undefined) {
      problems.push({ path, variable: name, message: `environment variable ${name} is not set` });
      return whole;
    }
    return replacement;
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
