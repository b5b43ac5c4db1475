import { ConsoleLogger, LogLevel, type Logger } from '@slack/logger';
import { toCoworkerError } from './errors.js';

export type { Logger };

/** The app's logger: Slack's console logger, so Bolt and our code log alike. Never log tokens or prompts at info. */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'error', name = 'coworker'): Logger {
  const logger = new ConsoleLogger();
  logger.setName(name);
  logger.setLevel(level as LogLevel);
  return logger;
}

/**
 * The `onError` of a loop that tries again by itself (sweeps, heartbeats, reloads): a database
 * outage is one warning line per try, anything else is logged as an error with its stack.
 */
export function logLoopFailure(logger: Logger, what: string): (err: unknown) => void {
  return (err) => {
    if (toCoworkerError(err).code !== 'database_unavailable') {
      logger.error(`${what} failed`, err);
      return;
    }
    logger.warn(`${what} skipped: the database is unavailable (${err instanceof Error ? err.message : String(err)}); trying again later`);
  };
}
