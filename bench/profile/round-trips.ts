/**
 * PostgreSQL round trips of Coworker, counted on the wire (pg-wire-counter.ts) while it runs as
 * `coworker start`: at start-up (first, later, with many specs) and per run and per Approve, split
 * at the ack and at the moment fake Slack shows the result; with the statements of one of each.
 */
import type { BenchDatabases } from '../databases.js';
import type { BenchFakes } from '../fakes.js';
import { ackLatencies, approve, runOnce } from '../load.js';
import { startCoworkerProcess } from '../processes.js';
import { coworkerEnv, writeSpecFolder } from '../setup.js';
import { median, percentile } from '../stats.js';
import { type PgWireCounter, startPgWireCounter, type WireCounts } from './pg-wire-counter.js';

const QUIET_MS = 150;

/** Resolves once no round trip is in flight and none started for QUIET_MS. */
async function quiet(counter: PgWireCounter): Promise<void> {
  let seen = -1;
  for (;;) {
    const now = counter.seen();
    if (now === seen && counter.inFlight() === 0) return;
    seen = now;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  }
}

export async function reportRoundTrips(
  fakes: BenchFakes,
  databases: BenchDatabases,
  options: { manySpecs: number; samples: number },
  out: (line?: string) => void,
): Promise<void> {
  const env = await databases.fresh();
  const counter = await startPgWireCounter(String(env.DATABASE_URL));
  const one = await writeSpecFolder(1);
  const many = await writeSpecFolder(options.manySpecs);
  const database = { DATABASE_URL: counter.url };
  try {
    out('| start-up | round trips | waiting on PostgreSQL | start-up |');
    out('| --- | --- | --- | --- |');
    const start = async (label: string, dir: string) => {
      counter.take();
      const app = await startCoworkerProcess(coworkerEnv(fakes, dir, database));
      await quiet(counter);
      const c = counter.take();
      out(`| ${label} | ${c.roundTrips} | ${c.waitMs.toFixed(0)} ms | ${app.startupMs.toFixed(0)} ms |`);
      return app;
    };
    await (await start('first start (new database), 1 spec', one.dir)).stop();
    await (await start(`later start, ${options.manySpecs} specs`, many.dir)).stop();
    const app = await start('later start, 1 spec', one.dir);

    for (let i = 0; i < 10; i++) await approve(fakes, app, (await runOnce(fakes, app)).review);
    await quiet(counter);
    counter.take();
    const phases = ['run: until the ack', 'run: ack -> review shown', 'run: after the review'] as const;
    const clickPhases = ['Approve: until the ack', 'Approve: ack -> decision shown', 'Approve: after'] as const;
    const samples = new Map<string, WireCounts[]>([...phases, ...clickPhases].map((p) => [p, []]));
    const totals = { run: [] as number[], click: [] as number[] };
    for (let i = 0; i < options.samples; i++) {
      const put = (phase: string) => samples.get(phase)?.push(counter.take());
      const run = await runOnce(fakes, app, () => put(phases[0]));
      put(phases[1]);
      await quiet(counter);
      put(phases[2]);
      totals.run.push(run.review.at - run.sent);
      totals.click.push(await approve(fakes, app, run.review, () => put(clickPhases[0])));
      put(clickPhases[1]);
      await quiet(counter);
      put(clickPhases[2]);
    }
    await quiet(counter);
    counter.take();
    const acks = await ackLatencies(fakes, app, { count: 100, concurrency: 20, runs: true });
    const burst = counter.take();
    await app.stop();

    out();
    out(
      `Median of ${options.samples} runs, one at a time (command -> review shown ${median(totals.run).toFixed(1)} ms, ` +
        `click -> decision shown ${median(totals.click).toFixed(1)} ms):`,
    );
    out();
    out('| phase | round trips | waiting on PostgreSQL |');
    out('| --- | --- | --- |');
    for (const [phase, list] of samples) {
      out(
        `| ${phase} | ${median(list.map((c) => c.roundTrips))} | ${median(list.map((c) => c.waitMs)).toFixed(1)} ms |`,
      );
    }
    out();
    out(
      `100 runs at concurrency 20: ack p50 ${percentile(acks, 50).toFixed(0)} ms, p99 ${percentile(acks, 99).toFixed(0)} ms; ` +
        `${burst.roundTrips} round trips (${(burst.roundTrips / 100).toFixed(1)} per run), at most ${burst.maxInFlight} in flight at once ` +
        `(the pool holds 10), ${burst.waitMs.toFixed(0)} ms waiting on PostgreSQL in all, ${burst.connections} new connections.`,
    );
    out();
    out('The statements of a run and its Approve, in order (per phase, a sample with the median count):');
    out();
    for (const [phase, list] of samples) {
      const typical = list.find((c) => c.roundTrips === median(list.map((x) => x.roundTrips))) ?? list[0];
      for (const statement of typical?.statements ?? []) out(`- ${phase}: \`${statement.slice(0, 140)}\``);
    }
  } finally {
    await counter.close();
    await Promise.all([one.remove(), many.remove()]);
  }
}
