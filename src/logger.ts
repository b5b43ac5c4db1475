import { ConsoleLogger, type Logger, type LogLevel } from '@slack/logger';
import { toCoworkerError } from './errors.js';

export type { Logger };

/** The app's logger: Slack's console logger, so Bolt and our code log alike. Never log tokens or prompts at info. */
export function createLogger(level: 'debug' | 'info' | 'warn' | 'error', name = 'coworker'): Logger {
  const logger = new ConsoleLogger();
  logger.setName(name);
  logger.setLevel(level as LogLevel);
  return logger;
}

/** While the database stays away, the loops' shared note about it is repeated at most this often. */
export const OUTAGE_NOTE_MS = 60_000;

// Per logger (one per process in the app), so that every loop's failures share one rhythm.
const lastOutageNote = new WeakMap<Logger, number>();

/**
 * The `onError` of a loop that tries again by itself (sweeps, heartbeats, reloads). Anything
 * but an outage is logged as an error with its stack, every time. A database outage makes every
 * loop fail on every tick, so it is one warning for all of them, repeated once a minute at most
 * while it lasts, instead of a line per loop per tick.
 */
export function logLoopFailure(logger: Logger, what: string, now: () => number = Date.now): (err: unknown) => void {
  return (err) => {
    if (toCoworkerError(err).code !== 'database_unavailable') {
      logger.error(`${what} failed`, err);
      return;
    }
    const last = lastOutageNote.get(logger);
    if (last !== undefined && now() - last < OUTAGE_NOTE_MS) return;
    lastOutageNote.set(logger, now());
    const reason = err instanceof Error ? err.message : String(err);
    logger.warn(
      `the database is unavailable (${reason}; first seen by ${what}): background work is skipped and tried again until it answers`,
    );
  };
}
