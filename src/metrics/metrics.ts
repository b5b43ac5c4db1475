/**
 * What the app records for monitoring (DESIGN.md "Supervision at scale": `GET /metrics`), in the
 * words of the app rather than of Prometheus: the services and adapters say what happened, an
 * implementation (`PrometheusMetrics`) decides how it is counted. Every call is synchronous and
 * never throws, so recording can never fail or slow down what it records.
 *
 * Each event is recorded by the process whose conditional update won it (the run's `finishRun`,
 * or the statement that stores its artifact and ends it; the review's transition), so a fleet of
 * replicas, or a restarted app, counts it once.
 */

/** How a run ended (the run's final status). */
export type RunOutcome = 'succeeded' | 'failed' | 'interrupted';

/** How a review was decided: approved as proposed or as edited, rejected, or expired undecided. */
export type ReviewDecision = 'approved' | 'edited' | 'rejected' | 'expired';

/** The kinds of Slack request Bolt acknowledges. */
export type AckKind = 'command' | 'action' | 'view' | 'shortcut' | 'options' | 'event' | 'other';

/**
 * A tool call through the MCP gateway: `ok`, `error` (the server answered with an error result),
 * or `failed` (no answer: the server could not be reached, or the call was cut off).
 */
export type ToolCallOutcome = 'ok' | 'error' | 'failed';

/** Tokens of one model call, as the Messages API reports them. */
export interface ModelTokens {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/**
 * One call of the Messages API: its tokens and cost when it answered (`costUsd` null when the
 * model has no configured price), only the failure when it did not.
 */
export type ModelCall =
  | { model: string; ok: true; tokens: ModelTokens; costUsd: number | null }
  | { model: string; ok: false };

/** One tool call of an agent made through its MCP gateway (during a run, or approved). */
export interface ToolCall {
  agent: string;
  /** The spec's server name (the key under `tools:`). */
  server: string;
  tool: string;
  outcome: ToolCallOutcome;
}

export interface Metrics {
  /** A run was claimed by this process and starts working (`trigger`: how it started, e.g. `command`). */
  runStarted(run: { agent: string; trigger: string }): void;
  /** A run's end was recorded by this process; `errorCode` for a failed or interrupted one. */
  runFinished(run: { agent: string; outcome: RunOutcome; errorCode?: string }): void;
  /** A run's review was posted in Slack, `seconds` after the run was triggered. */
  reviewPosted(run: { agent: string; seconds: number }): void;
  /** A review was decided (or expired) by this process. */
  reviewDecided(review: { agent: string; decision: ReviewDecision }): void;
  modelCalled(call: ModelCall): void;
  toolCalled(call: ToolCall): void;
  /** Bolt acknowledged a Slack request `seconds` after it reached the app. */
  acked(ack: { kind: AckKind; seconds: number }): void;
}

/** Records nothing: for the CLI and for tests of services that are not about metrics. */
export const noMetrics: Metrics = {
  runStarted: () => {},
  runFinished: () => {},
  reviewPosted: () => {},
  reviewDecided: () => {},
  modelCalled: () => {},
  toolCalled: () => {},
  acked: () => {},
};

/** What a scrape of `GET /metrics` answers: the text exposition and its content type. */
export interface MetricsExposition {
  readonly contentType: string;
  render(): Promise<string>;
}
