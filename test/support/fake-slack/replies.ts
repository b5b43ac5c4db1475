import { isRecord } from '../http-util.js';
import type { SlackCall } from './types.js';

/** An explicit HTTP reply from an override handler (anything without an `ok` key and with a `body`). */
export interface FakeSlackReply {
  /** HTTP status; default 200. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** JSON body. */
  body: Record<string, unknown>;
}

/** Context passed to an override handler. */
export interface FakeSlackHandlerContext {
  /** The recorded call being answered. */
  call: SlackCall;
  /** 0-based index of this call among calls to the same method since the last reset. */
  nth: number;
  /** Runs the fake's default behaviour for this call and returns its body. */
  fallback: () => Record<string, unknown>;
}

/**
 * Overrides a method's response. Return a JSON body (`{ ok: false, error: 'channel_not_found' }`),
 * a {@link FakeSlackReply} for a status/headers, or `undefined` to use the default behaviour.
 */
export type FakeSlackHandler = (
  params: Record<string, unknown>,
  context: FakeSlackHandlerContext,
) =>
  | Record<string, unknown>
  | FakeSlackReply
  | undefined
  | Promise<Record<string, unknown> | FakeSlackReply | undefined>;

/** Body helper: `{ ok: false, error }` (add extra fields with `extra`). */
export function slackError(error: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ok: false, error, ...extra };
}

/** Reply helper: HTTP 429 with `retry-after` and `{ ok: false, error: 'ratelimited' }`. */
export function slackRateLimited(retryAfterSeconds = 1): FakeSlackReply {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { ok: false, error: 'ratelimited' },
  };
}

/** Tells an explicit {@link FakeSlackReply} from a plain JSON body. */
export function isReply(value: Record<string, unknown> | FakeSlackReply): value is FakeSlackReply {
  return !('ok' in value) && 'body' in value && isRecord(value.body);
}
