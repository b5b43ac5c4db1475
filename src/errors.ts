import { isDatabaseUnavailable } from './is-database-unavailable.js';

/**
 * Who is at fault, which decides who reads the error:
 * - `user`: the person who caused it can fix it (bad input, wrong channel, invalid spec)
 * - `upstream`: Slack or the model failed or misbehaved
 * - `system`: our own bug or infrastructure (database down, ...)
 */
export type ErrorCategory = 'user' | 'system' | 'upstream';

/** What a person is told when what they asked for could not be recorded (`database_unavailable`). */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'Coworker cannot reach its database right now, nothing was changed: try again in a minute.';

/** Stable codes; tests and logs key on these, people read `message`. */
export type ErrorCode =
  | 'config_invalid'
  | 'spec_invalid'
  | 'agent_unknown'
  | 'agent_wrong_channel'
  | 'agent_ambiguous'
  | 'usage'
  | 'context_file_unreadable'
  | 'context_too_large'
  | 'model_failed'
  | 'model_output_invalid'
  | 'run_timeout'
  | 'run_interrupted'
  | 'slack_failed'
  | 'review_not_found'
  | 'review_stale'
  | 'not_authorised'
  | 'request_mismatch'
  | 'apply_failed'
  | 'database_in_use'
  | 'database_unavailable'
  | 'internal';

export interface CoworkerErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type the app throws on purpose. `message` is written for the person who will
 * read it (plain words, what happened and what to do); `code` is for programs.
 */
export class CoworkerError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, category: ErrorCategory, message: string, options: CoworkerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoworkerError';
    this.code = code;
    this.category = category;
    this.details = options.details ?? {};
  }
}

/**
 * Wraps anything thrown into a CoworkerError exactly once; CoworkerErrors pass through. A database
 * that cannot be reached becomes `database_unavailable`, so every refusal path says so in words.
 */
export function toCoworkerError(err: unknown): CoworkerError {
  if (err instanceof CoworkerError) return err;
  if (isDatabaseUnavailable(err))
    return new CoworkerError('database_unavailable', 'system', DATABASE_UNAVAILABLE_MESSAGE, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new CoworkerError('internal', 'system', `Something went wrong inside Coworker (${message}).`, { cause: err });
}
