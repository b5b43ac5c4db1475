import type { ArtifactOptions } from '../artifacts/index.js';
import type { RecordedToolsUse } from './recorded-tools.js';
import type { ReplayContext } from './replay-case.js';

/** A case passes when its score is at least this (the agreement of a field-by-field near miss, or a judge's "nearly the same"). */
export const PASS_SCORE = 0.8;

/** One approved artifact replayed against one model. */
export interface CaseResult {
  artifactId: string;
  runId: string;
  edited: boolean;
  /** 0..1; 0 when the model failed the case; null when it could not be scored (`unscored` says why). */
  score: number | null;
  passed: boolean;
  detail?: string;
  unscored?: string;
  /** Why the model failed the case. */
  error?: string;
  /** A decision's approved label and the model's. */
  labels?: { expected: string; actual: string };
  /** Where the judge was shown the approved version (`A` or `B`). */
  approvedAs?: 'A' | 'B';
  /** The corrections (numbered from 1, as in `EvalReport.rules`) the answer breaks; null when not checked. */
  broken: number[] | null;
  costUsd: number | null;
  latencyMs: number | null;
  context: ReplayContext;
  toolCalls: RecordedToolsUse;
}

/** One model's row of the table. */
export interface ModelSummary {
  model: string;
  /** Mean score of the scored cases (failed ones count 0); null when none could be scored. */
  agreement: number | null;
  scored: number;
  passed: number;
  failed: number;
  unscored: number;
  /** Corrections broken, summed over the cases checked; null when none was checked (no judge). */
  violations: number | null;
  costUsd: number | null;
  medianLatencyMs: number | null;
  /** Decisions only: how often each approved label (row) got each label (column). */
  confusion?: { labels: string[]; counts: number[][] };
  cases: CaseResult[];
}

/** What `coworker eval` found (nothing of it is stored). */
export interface EvalReport {
  agent: string;
  /** Approved artifacts replayed (against each model). */
  cases: number;
  /** The judge model, its calls and their cost; null with `--judge none`. */
  judge: { model: string; calls: number; costUsd: number | null } | null;
  /** The active corrections checked as rules, numbered from 1 in this order. */
  rules: string[];
  /** What the original runs of these cases cost (null: unknown), and their models. */
  originalCostUsd: number | null;
  originalModels: string[];
  models: ModelSummary[];
}

/** A model's row from its cases. Pure. */
export function summariseModel(model: string, cases: CaseResult[], options: ArtifactOptions): ModelSummary {
  const scored = cases.filter((c) => c.score !== null);
  const checked = cases.filter((c) => c.broken !== null);
  const latencies = cases.map((c) => c.latencyMs).filter((ms): ms is number => ms !== null);
  const costs = cases.map((c) => c.costUsd);
  return {
    model,
    agreement: scored.length === 0 ? null : scored.reduce((s, c) => s + (c.score ?? 0), 0) / scored.length,
    scored: scored.length,
    passed: cases.filter((c) => c.passed).length,
    failed: cases.filter((c) => c.error !== undefined).length,
    unscored: cases.length - scored.length,
    violations: checked.length === 0 ? null : checked.reduce((s, c) => s + (c.broken?.length ?? 0), 0),
    costUsd: costs.some((c) => c === null) ? null : costs.reduce<number>((s, c) => s + (c ?? 0), 0),
    medianLatencyMs: median(latencies),
    ...(options.type === 'decision' ? { confusion: confusionOf(cases, options.labels) } : {}),
    cases,
  };
}

function confusionOf(cases: readonly CaseResult[], declared: readonly string[]) {
  const labels = [...declared];
  for (const c of cases)
    for (const label of c.labels ? [c.labels.expected, c.labels.actual] : [])
      if (!labels.includes(label)) labels.push(label);
  const counts = labels.map(() => labels.map(() => 0));
  for (const c of cases) {
    if (!c.labels) continue;
    const row = counts[labels.indexOf(c.labels.expected)];
    if (row) row[labels.indexOf(c.labels.actual)] = (row[labels.indexOf(c.labels.actual)] ?? 0) + 1;
  }
  return { labels, counts };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
