import { z } from 'zod';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION_PATTERN = /^(\d+)([smhd])$/;

/**
 * Parses `<whole number><s|m|h|d>` (`30s`, `15m`, `48h`, `7d`) into milliseconds.
 * Returns `undefined` for anything else, including zero and values too large to be exact.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] as keyof typeof UNIT_MS;
  const ms = amount * UNIT_MS[unit];
  if (amount <= 0 || !Number.isSafeInteger(ms)) return undefined;
  return ms;
}

/**
 * A spec duration: a string such as `30s`, `15m`, `48h` or `7d`, parsed to milliseconds.
 * Input is the string, output the number; a bare number (`120`) is refused because its
 * unit would be a guess.
 */
export const Duration = z
  .string({ error: 'expected a duration such as 30s, 15m, 48h or 7d' })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text}" is not a duration: write a whole number above zero and a unit s, m, h or d (e.g. 30s, 15m, 48h, 7d)`,
      });
      return z.NEVER;
    }
    return ms;
  });
/** A duration in milliseconds. */
export type Duration = z.output<typeof Duration>;
