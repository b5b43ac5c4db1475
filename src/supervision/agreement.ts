/**
 * How much two renderings of an artifact agree, 0..1: the Dice coefficient of their word
 * bigrams (case- and punctuation-insensitive). Type-agnostic on purpose: it compares what a
 * reviewer would read (`toText`), so a cheaper model that says the same thing in nearly the
 * same words scores high, and one that drops or invents content scores low.
 */
export function agreement(expected: string, actual: string): number {
  const a = bigrams(expected);
  const b = bigrams(actual);
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const [gram, count] of a) shared += Math.min(count, b.get(gram) ?? 0);
  return (2 * shared) / (total(a) + total(b));
}

function bigrams(text: string): Map<string, number> {
  const words =
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const grams = new Map<string, number>();
  const units = words.length === 1 ? words : words.slice(1).map((w, i) => `${words[i]} ${w}`);
  for (const gram of units) grams.set(gram, (grams.get(gram) ?? 0) + 1);
  return grams;
}

function total(grams: Map<string, number>): number {
  let sum = 0;
  for (const count of grams.values()) sum += count;
  return sum;
}
