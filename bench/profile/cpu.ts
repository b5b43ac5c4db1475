/**
 * Where Coworker's CPU goes (V8 CPU profiles of `coworker start` run with `--cpu-prof`): a start
 * with many specs, and runs with their Approve one at a time, next to the CPU the same-work app
 * uses for the same runs (/proc/<pid>/stat).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../test/support/run-cli.js';
import type { BenchDatabases } from '../databases.js';
import type { BenchFakes } from '../fakes.js';
import { runAndApprove } from '../load.js';
import { type BenchProcess, startBoltProcess, startCoworkerProcess, startNodeProcess } from '../processes.js';
import { boltEnv, coworkerEnv, writeSpecFolder } from '../setup.js';
import { type CpuSummary, summariseCpuProfile } from './cpu-profile-summary.js';
import { readCpuMs } from './proc-cpu.js';

const BIN = path.join(ROOT, 'bin/coworker.js');
const microsNow = () => Number(process.hrtime.bigint() / 1000n);

export async function reportCpu(
  fakes: BenchFakes,
  databases: BenchDatabases,
  options: { manySpecs: number; runs: number },
  out: (line?: string) => void,
): Promise<void> {
  const database = await databases.fresh();
  const one = await writeSpecFolder(1);
  const many = await writeSpecFolder(options.manySpecs);
  // COWORKER_BENCH_PROFILE_DIR keeps the .cpuprofile files (open them in Chrome DevTools' Performance tab).
  const keep = process.env.COWORKER_BENCH_PROFILE_DIR;
  const profiles = keep
    ? path.join(path.resolve(keep), databases.kind)
    : await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-cpu-'));
  const profiled = async (dir: string, name: string) =>
    startNodeProcess('Coworker', ['--cpu-prof', `--cpu-prof-dir=${path.join(profiles, name)}`, BIN, 'start'], {
      ...coworkerEnv(fakes, dir, database),
    });
  // One file per thread: CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile; thread 0 is the main one, the
  // others are tsx's module loader thread.
  const profileOf = async (name: string, window?: { from: number; to: number }) => {
    const files = await readdir(path.join(profiles, name));
    const main = files.find((f) => /\.0\.\d+\.cpuprofile$/.test(f));
    if (!main) throw new Error(`no CPU profile was written for ${name}`);
    const others = files.filter((f) => f !== main && f.endsWith('.cpuprofile'));
    const workers = await Promise.all(others.map((f) => summariseCpuProfile(path.join(profiles, name, f), window)));
    return {
      ...(await summariseCpuProfile(path.join(profiles, name, main), window)),
      otherThreadsMs: workers.reduce((sum, w) => sum + w.busyMs, 0),
    };
  };
  try {
    await (await startCoworkerProcess(coworkerEnv(fakes, one.dir, database))).stop(); // migrations, not profiled
    for (const [count, dir] of [
      [1, one.dir],
      [options.manySpecs, many.dir],
    ] as const) {
      const starting = await profiled(dir, `start-${count}`);
      const startupMs = starting.startupMs;
      await starting.stop();
      const startup = await profileOf(`start-${count}`);
      out(
        `Later start with ${count} spec(s): ${startupMs.toFixed(0)} ms to /healthz 200, ` +
          `${startup.busyMs.toFixed(0)} ms of CPU on the main thread and ${startup.otherThreadsMs.toFixed(0)} ms on ` +
          "tsx's loader thread (whole process life, stop included):",
      );
      printSummary(startup, 1, out);
    }

    const coworker = await profiled(one.dir, 'runs');
    const sameWork = await startBoltProcess('same-work-app', boltEnv(fakes));
    const cpuPerRun = async (app: BenchProcess) => {
      for (let i = 0; i < 20; i++) await runAndApprove(fakes, app);
      fakes.clear();
      const before = readCpuMs(app.pid);
      const from = microsNow();
      for (let i = 0; i < options.runs; i++) await runAndApprove(fakes, app);
      const to = microsNow();
      const calls = new Map<string, number>();
      for (const call of fakes.slack.calls) calls.set(call.method, (calls.get(call.method) ?? 0) + 1 / options.runs);
      calls.set('Anthropic messages', fakes.model.requests.length / options.runs);
      fakes.clear();
      const perRun = [...calls].map(([method, n]) => `${method} ${Number(n.toFixed(2))}`).join(', ');
      return { ms: (readCpuMs(app.pid) - before) / options.runs, window: { from, to }, perRun };
    };
    const coworkerCpu = await cpuPerRun(coworker);
    const sameWorkCpu = await cpuPerRun(sameWork);
    await Promise.all([coworker.stop(), sameWork.stop()]);
    const runs = await profileOf('runs', coworkerCpu.window);
    out();
    out(`API calls per run + Approve: Coworker: ${coworkerCpu.perRun}; same-work app: ${sameWorkCpu.perRun}.`);
    out();
    out(
      `${options.runs} runs with their Approve, one at a time: CPU per run + Approve (all threads, /proc): ` +
        `Coworker ${coworkerCpu.ms.toFixed(1)} ms, same-work app ${sameWorkCpu.ms.toFixed(1)} ms. ` +
        `Coworker's main thread, sampled:`,
    );
    printSummary(runs, options.runs, out);
  } finally {
    if (!keep) await rm(profiles, { recursive: true, force: true });
    await Promise.all([one.remove(), many.remove()]);
  }
}

function printSummary(summary: CpuSummary, per: number, out: (line?: string) => void): void {
  const unit = per === 1 ? 'ms' : 'ms per run';
  out();
  out(`| part | ${unit} | share |`);
  out('| --- | --- | --- |');
  for (const { part, ms } of summary.byPart.slice(0, 12))
    out(`| ${part} | ${(ms / per).toFixed(2)} | ${((100 * ms) / summary.busyMs).toFixed(0)}% |`);
  out();
  out(`| busiest functions (self time) | ${unit} |`);
  out('| --- | --- |');
  for (const { fn, ms } of summary.byFunction.slice(0, 12)) out(`| \`${fn}\` | ${(ms / per).toFixed(2)} |`);
  out();
  out(`| src/ file on the stack (callees included, synchronous part only) | ${unit} |`);
  out('| --- | --- |');
  for (const { file, ms } of summary.bySrcFileInclusive.slice(0, 12)) out(`| ${file} | ${(ms / per).toFixed(2)} |`);
  out();
}
