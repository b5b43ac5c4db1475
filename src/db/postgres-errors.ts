/** SQLSTATEs the repositories act on, as both pg and PGlite report them (`err.code`). */

function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

/** unique_violation (23505): a concurrent writer stored the same key first. */
export function isUniqueViolation(err: unknown): boolean {
  return hasCode(err, '23505');
}

/** undefined_table (42P01). */
export function isUndefinedTable(err: unknown): boolean {
  return hasCode(err, '42P01');
}
