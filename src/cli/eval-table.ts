import { percent, usd } from '../figures.js';
import type { CaseResult, EvalReport, ModelSummary } from '../supervision/evaluate-agent.js';
import { PASS_SCORE } from '../supervision/evaluate-agent.js';

/**
 * `coworker eval`'s report for people: one table (a row per model: agreement, cases passed,
 * rule violations, cost, median latency), a verdict line per model (cases passed, and its cost
 * against what the original runs of the same cases cost), the confusion table of a decision
 * agent, and notes on the cases that failed, could not be scored or were replayed without part
 * of their context. Pure.
 */
export function evalTable(report: EvalReport): string[] {
  const lines = [
    `${report.agent}: ${count(report.cases, 'approved case')} replayed against ${count(report.models.length, 'model')} (${report.judge ? `judge: ${report.judge.model}` : 'no judge: prose by text overlap'}; a case passes at ${percent(PASS_SCORE)})`,
    '',
    ...table(
      ['model', 'agreement', 'passed', 'violations', 'cost', 'median latency'],
      report.models.map((m) => [
        m.model,
        m.agreement === null ? '—' : percent(m.agreement),
        `${m.passed}/${report.cases}`,
        m.violations === null ? '—' : String(m.violations),
        usd(m.costUsd),
        latency(m.medianLatencyMs),
      ]),
    ),
    '',
    ...report.models.map((m) => verdict(m, report)),
  ];
  for (const m of report.models) if (m.confusion) lines.push('', ...confusion(m));
  const notes = notesOf(report);
  if (notes.length > 0) lines.push('', 'Notes:', ...notes.map((n) => `  ${n}`));
  lines.push('', ...footer(report));
  return lines;
}

/** "claude-haiku-4-5 agrees on 47 of 50 cases (94%) at 18% of the cost". */
function verdict(m: ModelSummary, report: EvalReport): string {
  const share = report.cases === 0 ? 0 : m.passed / report.cases;
  const base = `${m.model} agrees on ${m.passed} of ${count(report.cases, 'case')} (${percent(share)})`;
  const unscored = m.unscored > 0 ? ` (${m.unscored} could not be scored)` : '';
  if (m.costUsd === null) return `${base}${unscored}, at an unknown cost (no price for ${m.model})`;
  if (report.originalCostUsd === null || report.originalCostUsd === 0)
    return `${base}${unscored}, for ${usd(m.costUsd)} (what the original runs cost is unknown)`;
  return `${base}${unscored} at ${percent(m.costUsd / report.originalCostUsd)} of the cost`;
}

function confusion(m: ModelSummary): string[] {
  const { labels, counts } = m.confusion ?? { labels: [], counts: [] };
  return [
    `Decisions of ${m.model} (rows: the approved label, columns: its label):`,
    ...table(
      ['', ...labels],
      labels.map((label, i) => [label, ...(counts[i] ?? []).map(String)]),
    ).map((line) => `  ${line}`),
  ];
}

function notesOf(report: EvalReport): string[] {
  const notes: string[] = [];
  const first = report.models[0]?.cases ?? [];
  const unrecorded = first.filter((c) => !c.context.recorded).length;
  if (unrecorded > 0)
    notes.push(
      `${count(unrecorded, 'case')} replayed with ${unrecorded === 1 ? 'its' : 'their'} input only (recorded before runs kept their context)`,
    );
  for (const c of first) notes.push(...contextNotes(c));
  for (const m of report.models) {
    for (const c of m.cases) {
      const at = `${m.model}, ${caseName(c)}`;
      if (c.error !== undefined) notes.push(`${at}: failed: ${c.error}`);
      else if (c.unscored !== undefined) notes.push(`${at}: not scored: ${c.unscored}`);
      else if (c.broken === null && report.judge && report.rules.length > 0)
        notes.push(`${at}: the judge could not check the corrections`);
      else if (c.broken && c.broken.length > 0)
        notes.push(
          `${at}: breaks ${c.broken.map((n) => `correction ${n} ("${report.rules[n - 1] ?? ''}")`).join(', ')}`,
        );
      if (c.toolCalls.unrecorded.length > 0)
        notes.push(
          `${at}: asked for ${count(c.toolCalls.unrecorded.length, 'tool call')} its run did not make (${[...new Set(c.toolCalls.unrecorded)].join(', ')}): told "not recorded"`,
        );
    }
  }
  return notes;
}

function contextNotes(c: CaseResult): string[] {
  return c.context.recorded && c.context.absentFiles.length > 0
    ? [
        `${caseName(c)}: replayed without the content of ${c.context.absentFiles.join(', ')} (PDFs and images are kept by name and hash only)`,
      ]
    : [];
}

function footer(report: EvalReport): string[] {
  const lines: string[] = [];
  if (!report.judge) lines.push('Corrections were not checked as rules (--judge none).');
  else {
    lines.push(
      report.rules.length === 0
        ? 'The agent has no active corrections to check as rules.'
        : `Rules checked: the agent's ${count(report.rules.length, 'active correction')}.`,
      `Judge ${report.judge.model}: ${count(report.judge.calls, 'call')}, ${usd(report.judge.costUsd)}.`,
    );
  }
  const models = report.originalModels.length > 0 ? ` (${report.originalModels.join(', ')})` : '';
  lines.push(`The original runs of these cases cost ${usd(report.originalCostUsd)}${models}.`);
  return lines;
}

function caseName(c: CaseResult): string {
  return `artifact ${c.artifactId.slice(0, 8)}${c.edited ? ' (edited)' : ''}`;
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // The first column (names) is left-aligned, the figures right-aligned.
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function latency(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
