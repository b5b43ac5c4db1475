/**
 * Figures as people read them, the same on every surface (Slack, the CLI, the model's prompt):
 * a fraction as a whole percentage, an amount in US dollars.
 */

/** 0.937 -> `94%` */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * 0.0123 -> `$0.0123` (four decimals: one run often costs less than a cent; `digits` for totals);
 * null (a model without a configured price) -> `unknown`.
 */
export function usd(amount: number | null, digits = 4): string {
  return amount === null ? 'unknown' : `$${amount.toFixed(digits)}`;
}
