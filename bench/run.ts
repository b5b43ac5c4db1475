/**
 * `npm run bench`: Coworker against a hand-written Bolt app doing the same work (bench/apps/),
 * both as child processes on the same fake Slack and Anthropic servers on 127.0.0.1, taking
 * turns; prints one Markdown table of medians, ratios and the targets. Runs on the
 * embedded database (PGlite) and, when DATABASE_URL or PostgreSQL on 127.0.0.1:5432 answers, on
 * PostgreSQL too (new databases on that server, dropped at the end).
 *
 *   COWORKER_BENCH_SMOKE=1   a few iterations at tiny sizes (seconds; the figures mean nothing)
 *   COWORKER_BENCH_DB=pglite|postgres   only that database
 */
import os from 'node:os';
import { runBench } from './bench.js';
import { ensureCoworkerBundle } from './build-apps.js';
import { type BenchDatabases, pgliteDatabases, postgresAnswers, postgresDatabases } from './databases.js';
import { FULL, SMOKE } from './sizes.js';
import { formatTable } from './table.js';

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const smoke = process.env.COWORKER_BENCH_SMOKE === '1';
const only = process.env.COWORKER_BENCH_DB;
const started = Date.now();
const loadAtStart = os.loadavg()[0] ?? 0;
const log = (line: string) => console.error(`bench +${((Date.now() - started) / 1000).toFixed(0)}s: ${line}`);

const databases: BenchDatabases[] = [];
if (only !== 'postgres') databases.push(pgliteDatabases());
if (only !== 'pglite') {
  const url = process.env.DATABASE_URL ?? LOCAL_POSTGRES;
  if (await postgresAnswers(url)) databases.push(postgresDatabases(url));
  else log(`PostgreSQL does not answer at ${new URL(url).host}: PGlite only`);
}
// Ctrl-C: the apps get the terminal's SIGINT themselves; the databases made here are dropped.
process.once('SIGINT', () => {
  void Promise.allSettled(databases.map((d) => d.cleanup())).then(() => process.exit(130));
});

await ensureCoworkerBundle(log);
const rows = await runBench({ sizes: smoke ? SMOKE : FULL, databases, log });
console.log(formatTable(rows));
console.log(
  `\n${smoke ? 'SMOKE run (tiny sizes, not figures). ' : ''}${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, ${((Date.now() - started) / 1000).toFixed(0)} s, ` +
    `load average ${loadAtStart.toFixed(1)} at the start and ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end`,
);
