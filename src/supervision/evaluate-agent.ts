import type { Kysely } from 'kysely';
import type { AnyArtifactType } from '../artifacts/index.js';
import { costOf } from '../config/models.js';
import type { Database } from '../db/schema.js';
import { toCoworkerError } from '../errors.js';
import type { ContextFile, PromptCorrection } from '../model/build-request.js';
import type { ModelClient } from '../model/model-client.js';
import { readContextFiles } from '../model/read-context-files.js';
import { runToolLoop } from '../model/run-tool-loop.js';
import { correctionsForRun } from '../runs/corrections-for-run.js';
import type { LoadedAgent } from '../specs/load-specs.js';
import { type CaseResult, type EvalReport, PASS_SCORE, summariseModel } from './eval-summary.js';
import { createJudge, type Judge } from './judge.js';
import { recordedTools } from './recorded-tools.js';
import { loadReplayCases, type ReplayCase, replayRequest } from './replay-case.js';

export type { CaseResult, EvalReport, ModelSummary } from './eval-summary.js';
export { PASS_SCORE } from './eval-summary.js';

/** Where an eval is, for a progress line. */
export interface EvalProgress {
  model: string;
  /** 1-based. */
  modelIndex: number;
  models: number;
  /** 1-based. */
  caseIndex: number;
  cases: number;
}

export interface EvalInput {
  agent: LoadedAgent;
  models: readonly string[];
  limit: number;
  /** The judge model for prose and for the corrections, or null (`--judge none`): text overlap, rules unchecked. */
  judge: string | null;
  /** Per replayed case (default the spec's `limits.timeout`). */
  timeoutMs?: number;
  /** Which position the judge is shown the approved version in (default Math.random). */
  random?: () => number;
  onProgress?: (progress: EvalProgress) => void;
}

/**
 * Replays an agent's newest approved artifacts (edited ones in their edited form) against each
 * of `models`, each with the context its run had (input, history, files, facts and the recorded
 * results of its tool calls: no tool server is called) and the agent's current spec, reference
 * files and active corrections; scores each answer by its type's `compare`, and checks it
 * against the corrections when there is a judge. Nothing is stored. A case a model fails scores
 * 0; one that cannot be scored (the judge did not answer usably, the spec's type changed since)
 * is left out of the agreement and says why.
 */
export async function evaluateAgent(
  deps: { db: Kysely<Database>; model: ModelClient },
  input: EvalInput,
): Promise<EvalReport> {
  const { spec } = input.agent;
  const cases = await loadReplayCases(deps.db, spec, input.limit);
  const files = await readContextFiles(input.agent.file, spec.context.files);
  const corrections = (await correctionsForRun(deps.db, spec.name, spec.context.corrections)).prompt;
  const timeoutMs = input.timeoutMs ?? spec.limits.timeout;
  const judge =
    input.judge === null
      ? undefined
      : createJudge({
          client: deps.model,
          model: input.judge,
          rubric: { spec, corrections },
          timeoutMs,
          ...(input.random ? { random: input.random } : {}),
        });
  const replay = { deps, input, files, corrections, timeoutMs, judge };

  const models = [];
  for (const [m, model] of input.models.entries()) {
    const results: CaseResult[] = [];
    for (const [i, c] of cases.entries()) {
      input.onProgress?.({
        model,
        modelIndex: m + 1,
        models: input.models.length,
        caseIndex: i + 1,
        cases: cases.length,
      });
      results.push(await replayCase(replay, c, model));
    }
    models.push(summariseModel(model, results, spec.artifact));
  }
  const originals = cases.map((c) => c.originalCostUsd);
  return {
    agent: spec.name,
    cases: cases.length,
    judge: judge ? { model: judge.model, calls: judge.spent.calls, costUsd: judge.spent.costUsd } : null,
    rules: corrections.map((c) => c.instruction),
    originalCostUsd: originals.length === 0 || originals.some((c) => c === null) ? null : sum(originals as number[]),
    originalModels: [...new Set(cases.map((c) => c.originalModel).filter((m): m is string => m !== null))],
    models,
  };
}

interface Replay {
  deps: { model: ModelClient };
  input: EvalInput;
  files: ContextFile[];
  corrections: PromptCorrection[];
  timeoutMs: number;
  judge: Judge | undefined;
}

async function replayCase(replay: Replay, c: ReplayCase, model: string): Promise<CaseResult> {
  const { spec } = replay.input.agent;
  const base = { artifactId: c.artifactId, runId: c.runId, edited: c.edited, context: c.context };
  if (c.options.type !== spec.artifact.type) {
    return unscored(base, `it is a ${c.options.type}, and the agent now produces a ${spec.artifact.type}`);
  }
  const { request, artifactType, names } = replayRequest(spec, c, {
    model,
    files: replay.files,
    corrections: replay.corrections,
  });
  const expected = artifactType.contentSchema(c.options).safeParse(c.expected);
  if (!expected.success) return unscored(base, 'the approved content no longer fits its type');
  const tools = recordedTools(c.toolCalls);
  let cost: number | null = 0;
  const started = Date.now();
  let actual: unknown;
  try {
    actual = await runToolLoop(replay.deps.model, request, artifactType.contentSchema(c.options), {
      signal: AbortSignal.timeout(replay.timeoutMs),
      timeoutMs: replay.timeoutMs,
      onUsage: async (usage) => {
        const spent = costOf(model, usage);
        cost = cost === null || spent === null ? null : cost + spent;
      },
      names,
      maxToolCalls: spec.limits.tool_calls,
      executeRead: tools.execute,
    });
  } catch (err) {
    return {
      ...base,
      score: 0,
      passed: false,
      error: toCoworkerError(err).message,
      broken: null,
      costUsd: cost,
      latencyMs: Date.now() - started,
      toolCalls: tools.use,
    };
  }
  const latencyMs = Date.now() - started;
  const comparison = await artifactType.compare(
    expected.data,
    actual,
    c.options,
    replay.judge ? { judge: replay.judge.compare } : {},
  );
  const measured = { costUsd: cost, latencyMs, toolCalls: tools.use };
  if (!comparison.scored) return { ...unscored(base, comparison.reason), ...measured };
  return {
    ...base,
    ...measured,
    score: comparison.score,
    passed: comparison.score >= PASS_SCORE,
    ...(comparison.detail ? { detail: comparison.detail } : {}),
    ...(comparison.labels ? { labels: comparison.labels } : {}),
    ...(comparison.approvedAs ? { approvedAs: comparison.approvedAs } : {}),
    broken: comparison.broken ?? (await brokenRules(replay, artifactType, actual, c)),
  };
}

/** The corrections an answer breaks, asked of the judge; null when there is none or it could not tell. */
async function brokenRules(
  replay: Replay,
  artifactType: AnyArtifactType,
  actual: unknown,
  c: ReplayCase,
): Promise<number[] | null> {
  if (!replay.judge) return null;
  if (replay.corrections.length === 0) return [];
  const checked = await replay.judge.checkRules(artifactType.toText(actual, c.options));
  return checked.ok ? checked.broken : null;
}

function unscored(base: Pick<CaseResult, 'artifactId' | 'runId' | 'edited' | 'context'>, reason: string): CaseResult {
  return {
    ...base,
    score: null,
    passed: false,
    unscored: reason,
    broken: null,
    costUsd: 0,
    latencyMs: null,
    toolCalls: { served: 0, unrecorded: [] },
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
