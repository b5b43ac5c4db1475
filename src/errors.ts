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

/**
 * Every stable code (tests and logs key on these, people read `message`) and who is at fault
 * for it: the one place a category is decided, so no call site can get it wrong.
 */
const CATEGORY_OF = {
  config_invalid: 'user',
  spec_invalid: 'user',
  agent_unknown: 'user',
  agent_wrong_channel: 'user',
  agent_ambiguous: 'user',
  usage: 'user',
  context_file_unreadable: 'user',
  context_too_large: 'user',
  model_failed: 'upstream',
  model_output_invalid: 'upstream',
  run_timeout: 'upstream',
  run_interrupted: 'system',
  slack_failed: 'upstream',
  review_not_found: 'user',
  review_stale: 'user',
  not_authorised: 'user',
  request_mismatch: 'user',
  apply_failed: 'upstream',
  tool_server_unavailable: 'upstream',
  tool_schema_invalid: 'upstream',
  database_in_use: 'user',
  database_unavailable: 'system',
  internal: 'system',
} as const satisfies Record<string, ErrorCategory>;

export type ErrorCode = keyof typeof CATEGORY_OF;

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

  constructor(code: ErrorCode, message: string, options: CoworkerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoworkerError';
    this.code = code;
    this.category = CATEGORY_OF[code];
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
    return new CoworkerError('database_unavailable', DATABASE_UNAVAILABLE_MESSAGE, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new CoworkerError('internal', `Something went wrong inside Coworker (${message}).`, { cause: err });
}
