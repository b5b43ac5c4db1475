import { setTimeout as sleep } from 'node:timers/promises';
import { toCoworkerError } from '../errors.js';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

export interface RetryOptions {
  /** How long to keep trying after the first failure; 0 tries once. */
  waitMs: number;
  /** Told once, at the first failure that will be retried (to log "waiting for the database"). */
  onWait?: (err: unknown) => void;
}

/**
 * Runs `task`; while it fails because the database cannot be reached (a restart, a failover:
 * `database_unavailable`), runs it again with backoff (100 ms, doubling to 2 s) for up to
 * `waitMs`. For writes that must not be lost to a short outage (a run's result, a failure, an
 * apply step's outcome); `task` must be safe to repeat after a failure.
 * @throws the last error once `waitMs` passed, or at once any error that is not the database's absence
 */
export async function retryWhileUnavailable<T>(task: () => Promise<T>, options: RetryOptions): Promise<T> {
  const deadline = Date.now() + options.waitMs;
  let delay = FIRST_DELAY_MS;
  let told = false;
  for (;;) {
    try {
      return await task();
    } catch (err) {
      const left = deadline - Date.now();
      if (toCoworkerError(err).code !== 'database_unavailable' || left <= 0) throw err;
      if (!told) options.onWait?.(err);
      told = true;
      await sleep(Math.min(delay, left)); // the last try falls on the deadline
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }
}
