/**
 * Acks, latencies, throughput and peak memory under load, with Coworker (A) and a Bolt app (B)
 * taking turns batch by batch (A, B, A, B…) and, for one-at-a-time runs, sample by sample.
 * Each figure is the median over the rounds of that round's statistic.
 */
import { modelDelay } from '../test/support/fake-anthropic.js';
import type { BenchFakes } from './fakes.js';
import { ackLatencies, runAndApprove, runsPerSecond } from './load.js';
import { type BenchProcess, startBoltProcess } from './processes.js';
import { boltEnv } from './setup.js';
import type { BenchSizes } from './sizes.js';
import { median, percentile } from './stats.js';
import type { Row } from './table.js';

export async function measureLoad(
  fakes: BenchFakes,
  apps: { coworker: BenchProcess; sameWork: BenchProcess },
  database: string,
  sizes: BenchSizes,
  log: (line: string) => void,
): Promise<Row[]> {
  const { coworker, sameWork } = apps;
  const ackOnly = await startBoltProcess('ack-only-app', boltEnv(fakes));
  const pair = () => ({ coworker: [] as number[], other: [] as number[] });
  const ack = { runP50: pair(), runP99: pair(), helpP50: pair(), helpP99: pair() };
  const throughput = pair();
  const throughputWithModel = pair();
  const review = pair();
  const decision = pair();
  const { ackCommands: count, ackConcurrency: concurrency } = sizes;

  log(`${database}: warming up`);
  for (let i = 0; i < sizes.warmupRuns; i++) {
    await runAndApprove(fakes, coworker);
    await runAndApprove(fakes, sameWork);
  }
  await ackLatencies(fakes, coworker, { count, concurrency, runs: false });
  await ackLatencies(fakes, ackOnly, { count, concurrency, runs: false });
  fakes.clear();

  for (let round = 1; round <= sizes.ackRounds; round++) {
    log(`${database}: acks, round ${round} of ${sizes.ackRounds}`);
    for (const [app, side] of [
      [coworker, 'coworker'],
      [sameWork, 'other'],
    ] as const) {
      const acks = await ackLatencies(fakes, app, { count, concurrency, runs: true });
      ack.runP50[side].push(percentile(acks, 50));
      ack.runP99[side].push(percentile(acks, 99));
      fakes.clear();
    }
    for (const [app, side] of [
      [coworker, 'coworker'],
      [ackOnly, 'other'],
    ] as const) {
      const acks = await ackLatencies(fakes, app, { count, concurrency, runs: false });
      ack.helpP50[side].push(percentile(acks, 50));
      ack.helpP99[side].push(percentile(acks, 99));
    }
    fakes.clear();
  }
  for (let round = 1; round <= sizes.throughputRounds; round++) {
    log(`${database}: throughput, round ${round} of ${sizes.throughputRounds}`);
    const options = { count: sizes.throughputRuns, concurrency: sizes.throughputConcurrency };
    throughput.coworker.push(await runsPerSecond(fakes, coworker, options));
    fakes.clear();
    throughput.other.push(await runsPerSecond(fakes, sameWork, options));
    fakes.clear();
    for (const [app, side] of [
      [coworker, 'coworker'],
      [sameWork, 'other'],
    ] as const) {
      fakes.model.respondWith(() => modelDelay(sizes.modelLatencyMs));
      throughputWithModel[side].push(await runsPerSecond(fakes, app, options));
      fakes.clear();
    }
  }
  log(`${database}: ${sizes.latencySamples} runs and approvals per app, one at a time`);
  for (let i = 0; i < sizes.latencySamples; i++) {
    for (const [app, side] of [
      [coworker, 'coworker'],
      [sameWork, 'other'],
    ] as const) {
      const sample = await runAndApprove(fakes, app);
      review[side].push(sample.review);
      decision[side].push(sample.decision);
    }
  }
  fakes.clear();
  const peak = { coworker: coworker.memory().peakMiB, other: sameWork.memory().peakMiB };
  await Promise.all([coworker.stop(), sameWork.stop(), ackOnly.stop()]);

  const at = `${count} at concurrency ${concurrency}`;
  const vs = (coworkerValues: number[], otherValues: number[]) => ({
    database,
    coworker: median(coworkerValues),
    baseline: median(otherValues),
  });
  return [
    {
      id: 'ack-run-p50',
      figure: `ack of a run command, p50 (${at})`,
      ...vs(ack.runP50.coworker, ack.runP50.other),
      baselineName: 'same-work app',
      unit: 'ms',
    },
    {
      id: 'ack-run-p99',
      figure: `ack of a run command, p99 (${at})`,
      ...vs(ack.runP99.coworker, ack.runP99.other),
      baselineName: 'same-work app',
      unit: 'ms',
      target: { kind: 'below', value: 1000 },
    },
    {
      id: 'ack-help-p50',
      figure: `ack of /coworker help, p50 (${at})`,
      ...vs(ack.helpP50.coworker, ack.helpP50.other),
      baselineName: 'ack-only app',
      unit: 'ms',
      target: { kind: 'ratio', max: 1.3 },
    },
    {
      id: 'ack-help-p99',
      figure: `ack of /coworker help, p99 (${at})`,
      ...vs(ack.helpP99.coworker, ack.helpP99.other),
      baselineName: 'ack-only app',
      unit: 'ms',
    },
    {
      id: 'review-p50',
      figure: 'command -> review shown, p50',
      ...vs(review.coworker, review.other),
      baselineName: 'same-work app',
      unit: 'ms',
      target: { kind: 'over', ms: 5 },
    },
    {
      id: 'decision-p50',
      figure: 'Approve click -> decision shown, p50',
      ...vs(decision.coworker, decision.other),
      baselineName: 'same-work app',
      unit: 'ms',
      target: { kind: 'over', ms: 4 },
    },
    {
      id: 'throughput',
      figure: `runs per second (${sizes.throughputRuns} runs at concurrency ${sizes.throughputConcurrency})`,
      ...vs(throughput.coworker, throughput.other),
      baselineName: 'same-work app',
      unit: 'runs/s',
      target: { kind: 'atLeast', min: 0.95 },
    },
    {
      id: 'throughput-model',
      figure: `runs per second, the model answering in ${sizes.modelLatencyMs} ms (${sizes.throughputRuns} runs at concurrency ${sizes.throughputConcurrency})`,
      ...vs(throughputWithModel.coworker, throughputWithModel.other),
      baselineName: 'same-work app',
      unit: 'runs/s',
      target: { kind: 'atLeast', min: 0.95 },
    },
    {
      id: 'rss-peak',
      figure: 'peak RSS (VmHWM) after all of the above',
      database,
      coworker: peak.coworker,
      baseline: peak.other,
      baselineName: 'same-work app',
      unit: 'MiB',
    },
  ];
}
