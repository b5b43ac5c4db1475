/**
 * How `coworker eval` scores an answer against the approved version (DESIGN.md "Evals"): the
 * result of {@link ArtifactType.compare} and the measures the types share. Every score is 0..1.
 */
import { percent } from '../figures.js';

/**
 * One answer compared with the approved version: a score (the agreement), or why it could not
 * be scored (the judge gave no usable answer, the type changed since). `labels` is set by types
 * that choose a label (the eval's confusion table); `broken` when the comparison also checked
 * the active corrections (the judge of `message` and `document` does): their numbers, from 1,
 * in the order they were given.
 */
export type Comparison =
  | {
      scored: true;
      score: number;
      /** How the score came about, for people: `precision 67%, recall 100% of 3 rows`. */
      detail?: string;
      labels?: { expected: string; actual: string };
      broken?: number[];
      /** Where a judge was shown the approved version (`A` or `B`; the candidate was the other). */
      approvedAs?: 'A' | 'B';
    }
  | { scored: false; reason: string };

/** What a judge model said of two versions (see `supervision/judge`). */
export type JudgeOutcome =
  | { ok: true; score: number; reason: string; broken: number[]; approvedAs: 'A' | 'B' }
  | { ok: false; problem: string };

/** What {@link ArtifactType.compare} may use beyond the two contents. */
export interface CompareContext {
  /**
   * A judge model that compares the approved and the candidate version (as people read them)
   * with the agent's instructions and corrections as the rubric. Absent (`--judge none`): types
   * that need one fall back to {@link textOverlap}.
   */
  judge?: (versions: { approved: string; candidate: string }) => Promise<JudgeOutcome>;
}

/**
 * Compares as people read them: by the judge when there is one, else by {@link textOverlap}.
 * For the types whose content is prose (`message`, `document`).
 */
export async function compareProse(approved: string, candidate: string, ctx: CompareContext): Promise<Comparison> {
  if (!ctx.judge) return { scored: true, score: textOverlap(approved, candidate), detail: 'text overlap' };
  const verdict = await ctx.judge({ approved, candidate });
  if (!verdict.ok) return { scored: false, reason: verdict.problem };
  return {
    scored: true,
    score: verdict.score,
    detail: verdict.reason,
    broken: verdict.broken,
    approvedAs: verdict.approvedAs,
  };
}

/**
 * How much two texts say in the same words, 0..1: the Dice coefficient of their word bigrams
 * (case- and punctuation-insensitive). For prose, without a judge: an answer that says the same
 * in nearly the same words scores high, one that drops or invents content low.
 */
export function textOverlap(expected: string, actual: string): number {
  return dice(grams(words(expected), 2), grams(words(actual), 2));
}

/**
 * How much two short texts share their words, 0..1: the Dice coefficient of their words (order
 * ignored). For a short field such as a checklist item's text, where bigrams are too strict:
 * "Send the invoice" and "Send invoice" share no bigram, but three of five words.
 */
export function wordOverlap(expected: string, actual: string): number {
  return dice(grams(words(expected), 1), grams(words(actual), 1));
}

/** The same text but for case, surrounding and repeated whitespace and Unicode form. */
export function sameText(a: string | undefined, b: string | undefined): boolean {
  return normalise(a ?? '') === normalise(b ?? '');
}

/** The same JSON value (object keys in any order); strings compared exactly. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** How records of two lists were paired and how well they agree: F1 is the agreement. */
export interface ListMatch {
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Pairs the approved records with the candidate's (greedily, best pairs first, each record used
 * once, order ignored) by `similarity` (0..1, field by field), and scores the pairing: precision
 * is the similarity found per candidate record, recall per approved one, F1 their harmonic mean.
 * So a record that is missing costs recall, an invented one precision, and a record with one
 * wrong field of four counts 0.75. Two empty lists agree fully. Pure.
 */
export function matchLists<T>(
  expected: readonly T[],
  actual: readonly T[],
  similarity: (e: T, a: T) => number,
): ListMatch {
  if (expected.length === 0 && actual.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const pairs: Array<{ e: number; a: number; s: number }> = [];
  expected.forEach((e, ei) => {
    actual.forEach((a, ai) => {
      const s = similarity(e, a);
      if (s > 0) pairs.push({ e: ei, a: ai, s });
    });
  });
  // Best first; ties in list order, so that equal lists pair row 1 with row 1.
  pairs.sort((x, y) => y.s - x.s || x.e - y.e || x.a - y.a);
  const usedE = new Set<number>();
  const usedA = new Set<number>();
  let found = 0;
  for (const pair of pairs) {
    if (usedE.has(pair.e) || usedA.has(pair.a)) continue;
    usedE.add(pair.e);
    usedA.add(pair.a);
    found += pair.s;
  }
  const precision = actual.length === 0 ? 0 : found / actual.length;
  const recall = expected.length === 0 ? 0 : found / expected.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** The share of `fields` on which two records agree (each field scored 0..1); 1 when there are none. */
export function fieldAgreement(scores: readonly number[]): number {
  return scores.length === 0 ? 1 : scores.reduce((sum, s) => sum + s, 0) / scores.length;
}

/** A {@link matchLists} result as a comparison: F1 as the score, precision and recall in words. */
export function listComparison(
  match: ListMatch,
  counted: { expected: number; nouns: readonly [one: string, many: string] },
): Comparison {
  return {
    scored: true,
    score: match.f1,
    detail: `precision ${percent(match.precision)}, recall ${percent(match.recall)} of ${counted.expected} ${counted.nouns[counted.expected === 1 ? 0 : 1]}`,
  };
}

function normalise(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function words(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

function grams(list: readonly string[], n: 1 | 2): Map<string, number> {
  const counts = new Map<string, number>();
  const units = n === 1 || list.length === 1 ? list : list.slice(1).map((w, i) => `${list[i]} ${w}`);
  for (const unit of units) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  return counts;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const [gram, count] of a) shared += Math.min(count, b.get(gram) ?? 0);
  return (2 * shared) / (total(a) + total(b));
}

function total(counts: Map<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

/** A JSON value as text with object keys sorted: equal values give equal texts. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
