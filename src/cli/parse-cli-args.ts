import { type ParseArgsConfig, parseArgs } from 'node:util';
import { CoworkerError } from '../errors.js';

/**
 * `parseArgs` for a CLI command: what it refuses (`Unknown option '--bogus'`, a missing value)
 * becomes a `usage` error with the command's usage line, which `main` prints as one line and
 * exits 2 for, as it does for the command's own checks of the values.
 */
export function parseCliArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new CoworkerError('usage', `${err instanceof Error ? err.message : String(err)}. ${usage}`, { cause: err });
  }
}
