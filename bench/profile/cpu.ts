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
  const profiles = await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-cpu-'));
  const profiled = async (dir: string, name: string) =>
    startNodeProcess('Coworker', ['--cpu-prof', `--cpu-prof-dir=${path.join(profiles, name)}`, BIN, 'start'], {
      ...coworkerEnv(fakes, dir, database),
    });
  const profileOf = async (name: string, window?: { from: number; to: number }) => {
    const [file] = await readdir(path.join(profiles, name));
    if (!file) throw new Error(`no CPU profile was written for ${name}`);
    return summariseCpuProfile(path.join(profiles, name, file), window);
  };
  try {
    await (await startCoworkerProcess(coworkerEnv(fakes, one.dir, database))).stop(); // migrations, not profiled
    const starting = await profiled(many.dir, 'start');
    const startupMs = starting.startupMs;
    await starting.stop();
    const startup = await profileOf('start');
    out(
      `Later start with ${options.manySpecs} specs: ${startupMs.toFixed(0)} ms to /healthz 200, ` +
        `${startup.busyMs.toFixed(0)} ms of CPU on the main thread (whole process life):`,
    );
    printSummary(startup, 1, out);

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
    await rm(profiles, { recursive: true, force: true });
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
}
