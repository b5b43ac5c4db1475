/**
 * Figures measured inside the bench process, each at the size against a smaller one
 * (the baseline), so the ratio shows how the work scales: App Home on each database, and the
 * database-free work that grows with a workspace (loading specs, rendering a big table review).
 */
import { loadSpecs } from '../src/specs/load-specs.js';
import { renderReviewMessage } from '../src/surfaces/review-message.js';
import { timeAppHome } from './app-home.js';
import type { BenchDatabases } from './databases.js';
import { writeSpecFolder } from './setup.js';
import type { BenchSizes } from './sizes.js';
import type { Row } from './table.js';
import { timeMedian } from './time-median.js';

const thousands = (n: number) => n.toLocaleString('en');

export async function measureAppHome(databases: BenchDatabases, sizes: BenchSizes): Promise<Row> {
  const large = { agents: sizes.appHomeAgents, runs: sizes.appHomeRuns };
  const small = { agents: Math.max(1, large.agents / 10), runs: Math.max(1, large.runs / 10) };
  const [largeMs = Number.NaN, smallMs = Number.NaN] = await timeAppHome(databases, [large, small], sizes.repeat);
  return {
    id: 'app-home',
    figure: `App Home build, ${thousands(large.agents)} agents and ${thousands(large.runs)} runs (in-process)`,
    database: databases.label,
    coworker: largeMs,
    baseline: smallMs,
    baselineName: `${thousands(small.agents)} agents, ${thousands(small.runs)} runs`,
    unit: 'ms',
    target: { kind: 'below', value: 1000 },
  };
}

export async function measureScaling(sizes: BenchSizes): Promise<Row[]> {
  const timeLoad = async (count: number) => {
    const folder = await writeSpecFolder(count);
    try {
      return await timeMedian(() => loadSpecs(folder.dir, {}), sizes.repeat);
    } finally {
      await folder.remove();
    }
  };
  const timeRender = (rows: number) => {
    const content = { rows: Array.from({ length: rows }, (_, i) => ({ a: `row ${i}`, b: 'value', c: String(i) })) };
    return timeMedian(
      async () =>
        renderReviewMessage({
          agent: 'bench',
          artifact: { id: 'a', version: 1, options: { type: 'table', columns: ['a', 'b', 'c'] }, content },
          trigger: { kind: 'command', userId: 'U1' },
          state: { status: 'pending' },
          correctionsUsed: 0,
        }),
      sizes.repeat,
    );
  };
  const fewSpecs = Math.max(1, sizes.specsLoaded / 10);
  return [
    {
      id: 'load-specs',
      figure: `load and check ${thousands(sizes.specsLoaded)} specs (in-process)`,
      database: '-',
      coworker: await timeLoad(sizes.specsLoaded),
      baseline: await timeLoad(fewSpecs),
      baselineName: `${thousands(fewSpecs)} specs`,
      unit: 'ms',
    },
    {
      id: 'render-table',
      figure: `render a table review of ${thousands(sizes.tableRows)} rows (in-process)`,
      database: '-',
      coworker: await timeRender(sizes.tableRows),
      baseline: await timeRender(10),
      baselineName: '10 rows',
      unit: 'ms',
    },
  ];
}
