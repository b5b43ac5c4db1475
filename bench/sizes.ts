/** How much the bench does: the full run the figures are defined by, or a seconds-long smoke run. */
export interface BenchSizes {
  /** Rounds of start-ups (first start, many specs, later start, same-work app), alternating. */
  startupRounds: number;
  /** Specs in the "many specs" start-up (the 1,000). */
  manySpecs: number;
  /** Quiet time after /healthz 200 before idle RSS is read. */
  idleSettleMs: number;
  /** Runs and clicks per app before anything is measured (JIT, connection pools, caches). */
  warmupRuns: number;
  /** Batches of acks per app, each `ackCommands` at `ackConcurrency`. */
  ackRounds: number;
  ackCommands: number;
  ackConcurrency: number;
  /** Runs per app, one at a time, each approved: command -> review, click -> decision. */
  latencySamples: number;
  /** Batches per app of `throughputRuns` runs at `throughputConcurrency`. */
  throughputRounds: number;
  throughputRuns: number;
  throughputConcurrency: number;
  /**
   * The fake model's answer time in the second throughput figure: with a model that takes time,
   * as Claude does, runs overlap and the figure is bounded by concurrency, not by CPU per run.
   */
  modelLatencyMs: number;
  /** App Home: agents and runs in the database (the baseline is a tenth of both). */
  appHomeAgents: number;
  appHomeRuns: number;
  /** In-process scaling cases: specs loaded, table rows rendered (baselines a tenth / a thousandth). */
  specsLoaded: number;
  tableRows: number;
  /** Timed repetitions of each in-process case. */
  repeat: number;
}

export const FULL: BenchSizes = {
  startupRounds: 5,
  manySpecs: 1000,
  idleSettleMs: 1000,
  warmupRuns: 20,
  ackRounds: 5,
  ackCommands: 100,
  ackConcurrency: 20,
  latencySamples: 40,
  throughputRounds: 5,
  throughputRuns: 60,
  throughputConcurrency: 10,
  modelLatencyMs: 100,
  appHomeAgents: 200,
  appHomeRuns: 50_000,
  specsLoaded: 1000,
  tableRows: 10_000,
  repeat: 5,
};

/** A few iterations at tiny sizes: proves the harness works, measures nothing worth quoting. */
export const SMOKE: BenchSizes = {
  startupRounds: 1,
  manySpecs: 20,
  idleSettleMs: 50,
  warmupRuns: 1,
  ackRounds: 1,
  ackCommands: 6,
  ackConcurrency: 3,
  latencySamples: 2,
  throughputRounds: 1,
  throughputRuns: 4,
  throughputConcurrency: 2,
  modelLatencyMs: 20,
  appHomeAgents: 10,
  appHomeRuns: 100,
  specsLoaded: 20,
  tableRows: 1000,
  repeat: 1,
};
