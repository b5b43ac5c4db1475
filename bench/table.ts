/** The bench's one table: a row per figure and database, Coworker next to its baseline, with the ratio and target. */

export type Unit = 'ms' | 'MiB' | 'runs/s';

/** What the issue asks of a figure. */
export type Target =
  /** Coworker at most `ms` over the baseline. */
  | { kind: 'over'; ms: number }
  /** Coworker / baseline at most `ratio`. */
  | { kind: 'ratio'; max: number }
  /** Coworker / baseline at least `ratio` (throughput). */
  | { kind: 'atLeast'; min: number }
  /** Coworker's figure itself at most `value` (in the row's unit). */
  | { kind: 'below'; value: number };

export interface Row {
  /** Stable key (`ack-run-p50`); the smoke test checks them. */
  id: string;
  figure: string;
  /** `PGlite`, `PostgreSQL`, or `-` for in-process figures that use no database. */
  database: string;
  coworker: number;
  baseline: number;
  /** What the baseline is: `same-work app`, `ack-only app`, `later start`, a smaller size. */
  baselineName: string;
  unit: Unit;
  target?: Target;
}

export function ratioOf(row: Row): number {
  return row.coworker / row.baseline;
}

/** Whether the row meets its target; undefined without one. */
export function meets(row: Row): boolean | undefined {
  const target = row.target;
  if (!target) return undefined;
  switch (target.kind) {
    case 'over':
      return row.coworker - row.baseline <= target.ms;
    case 'ratio':
      return ratioOf(row) <= target.max;
    case 'atLeast':
      return ratioOf(row) >= target.min;
    case 'below':
      return row.coworker <= target.value;
    default: {
      const unknown: never = target;
      throw new Error(`unknown target ${JSON.stringify(unknown)}`);
    }
  }
}

function describeTarget(target: Target | undefined, unit: Unit): string {
  if (!target) return '';
  switch (target.kind) {
    case 'over':
      return `≤ +${target.ms} ms`;
    case 'ratio':
      return `≤ ${target.max}x`;
    case 'atLeast':
      return `≥ ${target.min}x`;
    case 'below':
      return `≤ ${target.value} ${unit}`;
    default: {
      const unknown: never = target;
      throw new Error(`unknown target ${JSON.stringify(unknown)}`);
    }
  }
}

function format(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return String(value);
  if (unit === 'MiB') return `${value.toFixed(0)} MiB`;
  if (unit === 'runs/s') return `${value.toFixed(1)}/s`;
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

/** The table as Markdown (readable in a terminal, pasted as is into docs/benchmarks.md). */
export function formatTable(rows: readonly Row[]): string {
  const header = ['figure', 'database', 'Coworker', 'baseline', 'ratio', 'Coworker − baseline', 'target', 'met'];
  const lines = rows.map((row) => {
    const met = meets(row);
    const difference = row.coworker - row.baseline;
    return [
      row.figure,
      row.database,
      format(row.coworker, row.unit),
      `${format(row.baseline, row.unit)} (${row.baselineName})`,
      `${ratioOf(row).toFixed(2)}x`,
      `${difference >= 0 ? '+' : ''}${format(difference, row.unit)}`,
      describeTarget(row.target, row.unit),
      met === undefined ? '' : met ? 'yes' : 'no',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}
