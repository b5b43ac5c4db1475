import { describe, expect, it } from 'vitest';
import { percent, usd } from '../src/figures.js';

describe('figures', () => {
  it('shows a fraction as a whole percentage, and dollars with four decimals unless told otherwise', () => {
    expect([percent(0.937), percent(0), percent(1)]).toEqual(['94%', '0%', '100%']);
    expect([usd(0.0123), usd(12.3456, 2), usd(null)]).toEqual(['$0.0123', '$12.35', 'unknown']);
  });
});
