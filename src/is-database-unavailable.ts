/**
 * SQLSTATEs that mean "the server cannot serve us right now", not "this query is wrong":
 * admin_shutdown / crash_shutdown / cannot_connect_now (a restart), too_many_connections, and a
 * read-only server (a failover still pointing at the old primary). Class 08 is handled apart.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);

/**
 * Socket and DNS failures on the way to the server. Matched on the error itself only: pg emits
 * the socket's error as is, while other clients (fetch, Slack's, Anthropic's) wrap theirs, so a
 * webhook's refused connection is never taken for the database's.
 */
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What pg and pg-pool say when a connection died, timed out or cannot be had. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // unexpectedly / due to connection timeout
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /is not currently accepting connections/, // 55000: a database with allow_connections off
];

/**
 * True when `err` (or one of an AggregateError's `errors`: a host with several addresses) says the database
 * cannot be reached or cannot serve right now: a restart, a failover, a network failure, pool
 * timeouts. Such a failure says nothing about the request, so it may be retried once the
 * database answers. Errors of the query itself (constraints, syntax, PGlite's rejections) are not.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  return matches(err, 0);
}

function matches(err: unknown, depth: number): boolean {
  if (depth > 2 || typeof err !== 'object' || err === null) return false;
  const { code, message, errors } = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (
    typeof code === 'string' &&
    (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code) || /^08[0-9A-Z]{3}$/.test(code))
  )
    return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return Array.isArray(errors) && errors.some((inner) => matches(inner, depth + 1));
}
