const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** `▁▁▃█▂…`: one bar per value, scaled to the largest (all lowest bars when every value is 0). Pure. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) =>
      max === 0 || v <= 0 ? BARS[0] : BARS[Math.min(BARS.length - 1, Math.ceil((v / max) * (BARS.length - 1)))],
    )
    .join('');
}
