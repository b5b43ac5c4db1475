/**
 * The whole bench, as a function (`npm run bench` and the smoke test call it): the fakes, then
 * per database the start-ups, the load and App Home, plus the in-process scaling cases. Returns
 * the rows of the one table, in a fixed order; stops every process and drops every database it
 * made, also when it fails.
 */
import type { BenchDatabases } from './databases.js';
import { startBenchFakes } from './fakes.js';
import { measureAppHome, measureScaling } from './in-process.js';
import { measureLoad } from './measure-load.js';
import { measureStartups } from './measure-startup.js';
import { stopAllProcesses } from './processes.js';
import type { BenchSizes } from './sizes.js';
import type { Row } from './table.js';

/** Every row id per database, in table order. */
export const DATABASE_ROWS = [
  'ack-run-p50',
  'ack-run-p99',
  'ack-help-p50',
  'ack-help-p99',
  'review-p50',
  'decision-p50',
  'throughput',
  'throughput-model',
  'startup-1',
  'startup-many',
  'startup-many-first',
  'first-start',
  'rss-idle',
  'rss-idle-first',
  'rss-idle-many',
  'rss-peak',
  'app-home',
] as const;
/** Rows measured once, without a database. */
export const PROCESS_ROWS = ['load-specs', 'render-table'] as const;

export interface BenchOptions {
  sizes: BenchSizes;
  /** The databases to run Coworker on, in order (each is cleaned up after its part). */
  databases: BenchDatabases[];
  /** Progress lines (to stderr in `npm run bench`). */
  log?: (line: string) => void;
}

export async function runBench(options: BenchOptions): Promise<Row[]> {
  const { sizes } = options;
  const log = options.log ?? (() => {});
  const rows: Row[] = [];
  const fakes = await startBenchFakes();
  try {
    for (const databases of options.databases) {
      try {
        const startup = await measureStartups(fakes, databases, sizes, log);
        rows.push(...startup.rows);
        try {
          rows.push(...(await measureLoad(fakes, startup, databases.label, sizes, log)));
        } finally {
          await stopAllProcesses();
          await startup.removeSpecs();
        }
        log(`${databases.label}: App Home`);
        rows.push(await measureAppHome(databases, sizes));
      } finally {
        await stopAllProcesses();
        await databases.cleanup();
      }
    }
    log('in-process scaling cases');
    rows.push(...(await measureScaling(sizes)));
  } finally {
    await stopAllProcesses();
    await fakes.close();
  }
  const order: readonly string[] = [...DATABASE_ROWS, ...PROCESS_ROWS];
  const databaseOrder = options.databases.map((d) => d.label);
  return rows.sort(
    (a, b) =>
      order.indexOf(a.id) - order.indexOf(b.id) ||
      databaseOrder.indexOf(a.database) - databaseOrder.indexOf(b.database),
  );
}
