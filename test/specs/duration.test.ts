import { describe, expect, it } from 'vitest';
import { Duration, parseDuration } from '../../src/specs/duration.js';

describe('Duration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['48h', 172_800_000],
    ['7d', 604_800_000],
    [' 2m ', 120_000],
  ])('parses %j to %d ms', (text, ms) => {
    expect(Duration.parse(text)).toBe(ms);
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['0s', '1.5h', '2 days', '10', 'h', '-5m', '5M', '5w', ''])(
    'refuses %j with a message that shows the format',
    (text) => {
      const result = Duration.safeParse(text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toBe(
        `"${text}" is not a duration: write a whole number above zero and a unit s, m, h or d (e.g. 30s, 15m, 48h, 7d)`,
      );
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  it('refuses a bare number, whose unit would be a guess', () => {
    const result = Duration.safeParse(120);
    expect(result.error?.issues[0]?.message).toBe('expected a duration such as 30s, 15m, 48h or 7d');
  });

  it('refuses a value too large to be exact in milliseconds', () => {
    expect(parseDuration('99999999999999d')).toBeUndefined();
  });
});
