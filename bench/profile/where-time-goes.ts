/**
 * `npm run bench:profile`: where Coworker's time and memory go, for whoever optimises against
 * `npm run bench`. Prints Markdown: PostgreSQL round trips per start-up, run and Approve
 * (counted on the wire), CPU profiles of a start-up and of runs on each database, and what the
 * embedded database costs in memory when it is created and when it is reopened.
 *
 *   COWORKER_BENCH_DB=pglite|postgres   only that database
 *   COWORKER_BENCH_PROFILE_DIR=dir      keep the CPU profiles there (<dir>/<database>/<case>/*.cpuprofile)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../../test/support/run-cli.js';
import { ensureCoworkerBundle } from '../build-apps.js';
import { type BenchDatabases, pgliteDatabases, postgresAnswers, postgresDatabases } from '../databases.js';
import { startBenchFakes } from '../fakes.js';
import { stopAllProcesses } from '../processes.js';
import { reportCpu } from './cpu.js';
import { reportRoundTrips } from './round-trips.js';

const MANY_SPECS = 1000;
const out = (line = '') => console.log(line);
const only = process.env.COWORKER_BENCH_DB;
const postgresUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const postgres = only !== 'pglite' && (await postgresAnswers(postgresUrl)) ? postgresDatabases(postgresUrl) : undefined;
const databases: BenchDatabases[] = [
  ...(only === 'postgres' ? [] : [pgliteDatabases()]),
  ...(postgres ? [postgres] : []),
];

await ensureCoworkerBundle((line) => console.error(line));
const fakes = await startBenchFakes();
try {
  if (postgres) {
    out('## PostgreSQL round trips');
    out();
    await reportRoundTrips(fakes, postgres, { manySpecs: MANY_SPECS, samples: 20 }, out);
  }
  for (const database of databases) {
    out();
    out(`## CPU on ${database.label}`);
    out();
    await reportCpu(fakes, database, { manySpecs: MANY_SPECS, runs: 100 }, out);
  }
  if (only !== 'postgres') await reportPgliteMemory();
} finally {
  await stopAllProcesses();
  await fakes.close();
  for (const database of databases) await database.cleanup();
}

/**
 * The embedded database's memory, each case in a fresh child process: created in the process
 * (initdb), opened as Coworker opens a new folder (a copy of the template), and reopened.
 */
async function reportPgliteMemory(): Promise<void> {
  const created = await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-pglite-'));
  const copied = await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-pglite-'));
  try {
    out();
    out('## Embedded database memory (RSS / high-water mark, MiB)');
    out();
    out('| step | initdb in the process | new folder (template copy) | the same folder again |');
    out('| --- | --- | --- | --- |');
    const open = (mode: 'initdb' | 'open', dir: string) => {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', path.join(ROOT, 'bench/profile/pglite-memory.ts'), mode, dir],
        { cwd: ROOT, encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`pglite-memory.ts failed:\n${child.stderr}`);
      return JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '[]') as Array<{
        step: string;
        rssMiB: number;
        peakMiB: number;
      }>;
    };
    const columns = [open('initdb', created), open('open', copied), open('open', copied)];
    const cell = (s: { rssMiB: number; peakMiB: number } | undefined) =>
      s ? `${s.rssMiB.toFixed(0)} / ${s.peakMiB.toFixed(0)}` : '';
    columns[0]?.forEach((step, i) => {
      out(`| ${step.step} | ${columns.map((c) => cell(c[i])).join(' | ')} |`);
    });
  } finally {
    await rm(created, { recursive: true, force: true });
    await rm(copied, { recursive: true, force: true });
  }
}
