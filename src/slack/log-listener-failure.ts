import type { Logger } from '@slack/logger';
import type { CoworkerError } from '../errors.js';

/**
 * Logs what a listener could not do, after the person was told: a user's mistake is theirs to
 * fix (not logged); a database outage is one warning line (it is expected to pass, and a stack
 * per request would drown the log); anything else is an error with its cause.
 */
export function logListenerFailure(logger: Logger, what: string, error: CoworkerError, raw: unknown): void {
  if (error.category === 'user') return;
  if (error.code === 'database_unavailable') {
    logger.warn(
      `${what} was refused: the database is unavailable (${raw instanceof Error ? raw.message : String(raw)})`,
    );
    return;
  }
  logger.error(`${what} failed`, raw);
}
