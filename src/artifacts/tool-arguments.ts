import { createRequire } from 'node:module';
import type * as AjvModule from 'ajv';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';
import type * as Ajv2019Module from 'ajv/dist/2019.js';
import type * as Ajv2020Module from 'ajv/dist/2020.js';
import type * as FormatsModule from 'ajv-formats';

/** One way a tool call's arguments break the tool's input schema, in words for a reviewer. */
export interface ArgumentProblem {
  /** The top-level argument it is about; undefined when it is about the arguments as a whole. */
  argument: string | undefined;
  /** E.g. "`field` must be equal to one of the allowed values (email, stage)". */
  message: string;
}

/** The arguments against a tool's input schema: valid, the schema cannot be used, or the problems. */
export type ArgumentCheck =
  | { ok: true }
  | { ok: false; unusableSchema: string }
  | { ok: false; unusableSchema?: undefined; problems: ArgumentProblem[] };

/**
 * ajv and ajv-formats, loaded when a first schema is checked (only `actions` agents have any):
 * loading them would add ~0.1 s to every start. Synchronously, as the checks run inside content
 * schemas; both are CommonJS packages.
 */
const loadPackage = createRequire(import.meta.url);
let ajvPackages:
  | {
      Ajv: typeof Ajv;
      Ajv2019: typeof Ajv2019Module.Ajv2019;
      Ajv2020: typeof Ajv2020Module.Ajv2020;
      addFormats: (ajv: Ajv) => Ajv;
    }
  | undefined;
function ajvPackagesLoaded(): NonNullable<typeof ajvPackages> {
  if (ajvPackages === undefined) {
    const formats = loadPackage('ajv-formats') as typeof FormatsModule & { default?: unknown };
    ajvPackages = {
      Ajv: (loadPackage('ajv') as typeof AjvModule).Ajv,
      Ajv2019: (loadPackage('ajv/dist/2019.js') as typeof Ajv2019Module).Ajv2019,
      Ajv2020: (loadPackage('ajv/dist/2020.js') as typeof Ajv2020Module).Ajv2020,
      // A default export, or the function itself.
      addFormats: (formats.default ?? formats) as unknown as (ajv: Ajv) => Ajv,
    };
  }
  return ajvPackages;
}

const AJV_OPTIONS: Options = {
  // Every problem, so each input of an edit form gets its own.
  allErrors: true,
  // Servers write schemas with annotations and extensions ajv does not know: they are not errors.
  strict: false,
  logger: false,
};

// Compiled validators by schema text. One ajv instance each: schemas carrying the same `$id` never
// collide, and dropping an entry frees everything ajv kept for it.
const MAX_CACHED = 200;
const compiled = new Map<string, ValidateFunction | string>();

/**
 * Checks `args` against a tool's input schema with ajv (JSON Schema 2020-12 unless the schema's
 * `$schema` names draft-07 or 2019-09; formats checked by ajv-formats). Never throws: a schema
 * ajv cannot compile is reported as `unusableSchema`.
 */
export function checkArguments(schema: Record<string, unknown>, args: unknown): ArgumentCheck {
  const validate = validatorFor(schema);
  if (typeof validate === 'string') return { ok: false, unusableSchema: validate };
  if (validate(args)) return { ok: true };
  return { ok: false, problems: (validate.errors ?? []).map(describeError) };
}

/** Why ajv cannot use this schema, or undefined when it can. */
export function schemaProblem(schema: Record<string, unknown>): string | undefined {
  const validate = validatorFor(schema);
  return typeof validate === 'string' ? validate : undefined;
}

function validatorFor(schema: Record<string, unknown>): ValidateFunction | string {
  const key = JSON.stringify(schema);
  const cached = compiled.get(key);
  if (cached !== undefined) return cached;
  let result: ValidateFunction | string;
  try {
    const { $schema: dialect, ...rest } = schema;
    const ajv = ajvFor(typeof dialect === 'string' ? dialect : '');
    ajvPackagesLoaded().addFormats(ajv);
    result = ajv.compile(rest);
  } catch (err) {
    result = err instanceof Error ? err.message : String(err);
  }
  if (compiled.size >= MAX_CACHED) {
    const oldest = compiled.keys().next().value;
    if (oldest !== undefined) compiled.delete(oldest);
  }
  compiled.set(key, result);
  return result;
}

function ajvFor(dialect: string): Ajv {
  const { Ajv, Ajv2019, Ajv2020 } = ajvPackagesLoaded();
  if (/draft-0[4-7]/.test(dialect)) return new Ajv(AJV_OPTIONS);
  if (dialect.includes('2019-09')) return new Ajv2019(AJV_OPTIONS);
  return new Ajv2020(AJV_OPTIONS);
}

function describeError(error: ErrorObject): ArgumentProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = error.params as Record<string, unknown>;
  if (path.length === 0 && error.keyword === 'required' && typeof params.missingProperty === 'string')
    return { argument: params.missingProperty, message: `\`${params.missingProperty}\` is required` };
  if (path.length === 0 && error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string')
    return {
      argument: params.additionalProperty,
      message: `\`${params.additionalProperty}\` is not an argument of this tool`,
    };
  const allowed = Array.isArray(params.allowedValues)
    ? ` (${params.allowedValues.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')})`
    : '';
  const where = path.length === 0 ? 'the arguments' : `\`${path.join('.')}\``;
  return { argument: path[0], message: `${where} ${error.message ?? 'are not valid'}${allowed}` };
}

/**
 * A copy of `schema` to embed at JSON Pointer `pointer` of a larger schema: its local `$ref`s
 * (`#/$defs/x`) are rewritten to point into the copy, and `$schema` / `$id` / `id`, which only a
 * document root may carry meaningfully, are dropped.
 */
export function embeddedSchema(schema: Record<string, unknown>, pointer: string): Record<string, unknown> {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  // draft-04 named it `id`; zod's metadata would also take a string `id` as its own registry id.
  if (typeof rest.id === 'string') delete rest.id;
  return rewriteRefs(rest, pointer) as Record<string, unknown>;
}

function rewriteRefs(node: unknown, pointer: string): unknown {
  if (Array.isArray(node)) return node.map((child) => rewriteRefs(child, pointer));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? `#${pointer}${value.slice(1)}`
        : rewriteRefs(value, pointer);
  }
  return out;
}
