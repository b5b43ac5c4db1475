import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type {
  AckKind,
  Metrics,
  MetricsExposition,
  ModelCall,
  ModelTokens,
  ReviewDecision,
  RunOutcome,
  ToolCall,
} from './metrics.js';

/** From a trigger to its review in Slack: seconds for a plain run, minutes for a long tool loop. */
const RUN_LATENCY_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600];
/** Slack wants its ack within 3 s; the interesting part is well below that. */
const ACK_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

const TOKEN_KINDS: ReadonlyArray<[keyof ModelTokens, string]> = [
  ['input', 'input'],
  ['output', 'output'],
  ['cacheRead', 'cache_read'],
  ['cacheWrite', 'cache_write'],
];

/**
 * The app's metrics in Prometheus' text format (README "Metrics" lists them), in a registry of
 * this instance's own: several apps in one process (tests, embedding) never share or reset each
 * other's counts, and a restarted app starts from zero (Prometheus handles the reset) rather
 * than counting anything twice. With `processMetrics` the registry also holds prom-client's
 * default process and Node.js metrics (CPU, memory, event loop lag, GC), which are read when
 * scraped.
 */
export class PrometheusMetrics implements Metrics, MetricsExposition {
  readonly #registry = new Registry();
  readonly #runsStarted = this.#counter('coworker_runs_started_total', 'Runs started, by agent and trigger', [
    'agent',
    'trigger',
  ]);
  readonly #runsFinished = this.#counter(
    'coworker_runs_finished_total',
    'Runs finished, by agent and outcome (succeeded, failed, interrupted)',
    ['agent', 'outcome'],
  );
  readonly #runFailures = this.#counter(
    'coworker_run_failures_total',
    'Runs that failed or were interrupted, by agent and error code',
    ['agent', 'code'],
  );
  readonly #runLatency = new Histogram({
    name: 'coworker_run_latency_seconds',
    help: 'From the trigger (the run recorded) to its review posted in Slack, by agent',
    labelNames: ['agent'],
    buckets: RUN_LATENCY_BUCKETS,
    registers: [this.#registry],
  });
  readonly #reviews = this.#counter(
    'coworker_reviews_decided_total',
    'Reviews decided, by agent and decision (approved, edited, rejected, expired)',
    ['agent', 'decision'],
  );
  readonly #ackLatency = new Histogram({
    name: 'coworker_ack_latency_seconds',
    help: 'From a Slack request reaching Bolt to its ack, by kind (command, action, view, shortcut, options, event)',
    labelNames: ['kind'],
    buckets: ACK_LATENCY_BUCKETS,
    registers: [this.#registry],
  });
  readonly #modelCalls = this.#counter(
    'coworker_model_calls_total',
    'Calls of the Messages API, by model and outcome (ok, failed)',
    ['model', 'outcome'],
  );
  readonly #modelTokens = this.#counter(
    'coworker_model_tokens_total',
    'Model tokens, by model and kind (input, output, cache_read, cache_write)',
    ['model', 'kind'],
  );
  readonly #modelCost = this.#counter(
    'coworker_model_cost_usd_total',
    'Model cost in USD at the configured prices, by model (models without a price are not counted)',
    ['model'],
  );
  readonly #toolCalls = this.#counter(
    'coworker_tool_calls_total',
    'Tool calls made through the MCP servers, by agent, server, tool and outcome (ok, error, failed)',
    ['agent', 'server', 'tool', 'outcome'],
  );

  constructor(options: { processMetrics?: boolean } = {}) {
    if (options.processMetrics) collectDefaultMetrics({ register: this.#registry });
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  render(): Promise<string> {
    return this.#registry.metrics();
  }

  runStarted(run: { agent: string; trigger: string }): void {
    this.#runsStarted.inc({ agent: run.agent, trigger: run.trigger });
  }

  runFinished(run: { agent: string; outcome: RunOutcome; errorCode?: string }): void {
    this.#runsFinished.inc({ agent: run.agent, outcome: run.outcome });
    if (run.outcome !== 'succeeded') this.#runFailures.inc({ agent: run.agent, code: run.errorCode ?? 'unknown' });
  }

  reviewPosted(run: { agent: string; seconds: number }): void {
    this.#runLatency.observe({ agent: run.agent }, Math.max(0, run.seconds));
  }

  reviewDecided(review: { agent: string; decision: ReviewDecision }): void {
    this.#reviews.inc({ agent: review.agent, decision: review.decision });
  }

  modelCalled(call: ModelCall): void {
    this.#modelCalls.inc({ model: call.model, outcome: call.ok ? 'ok' : 'failed' });
    if (!call.ok) return;
    for (const [field, kind] of TOKEN_KINDS) this.#modelTokens.inc({ model: call.model, kind }, call.tokens[field]);
    if (call.costUsd !== null) this.#modelCost.inc({ model: call.model }, call.costUsd);
  }

  toolCalled(call: ToolCall): void {
    this.#toolCalls.inc({ agent: call.agent, server: call.server, tool: call.tool, outcome: call.outcome });
  }

  acked(ack: { kind: AckKind; seconds: number }): void {
    this.#ackLatency.observe({ kind: ack.kind }, Math.max(0, ack.seconds));
  }

  #counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.#registry] });
  }
}
