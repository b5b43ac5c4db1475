import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_ROWS, PROCESS_ROWS, runBench } from '../../bench/bench.js';
import { pgliteDatabases, postgresDatabases } from '../../bench/databases.js';
import { type BenchFakes, startBenchFakes } from '../../bench/fakes.js';
import { runAndApprove } from '../../bench/load.js';
import { type BenchProcess, startBoltProcess } from '../../bench/processes.js';
import { boltEnv } from '../../bench/setup.js';
import { SMOKE } from '../../bench/sizes.js';
import { formatTable, ratioOf } from '../../bench/table.js';
import { POSTGRES_ADMIN_URL } from '../support/database-template.js';
import { forcedToolName } from '../support/fake-anthropic.js';

/*
 * `npm run bench` is not a test, but its harness is code that must keep working: the whole
 * bench once at smoke sizes (no thresholds), on the database this suite runs on.
 */

describe('the same-work Bolt app', () => {
  let fakes: BenchFakes;
  let app: BenchProcess;
  beforeAll(async () => {
    fakes = await startBenchFakes();
    app = await startBoltProcess('same-work-app', boltEnv(fakes));
  });
  afterAll(async () => {
    await app?.stop();
    await fakes?.close();
  });

  it('does the same work: posts working…, one forced-tool call, a review with Approve, then the decision', async () => {
    const { review, decision } = await runAndApprove(fakes, app);
    expect(review).toBeGreaterThan(0);
    expect(decision).toBeGreaterThan(0);
    expect(fakes.model.requests).toHaveLength(1);
    expect(forcedToolName(fakes.model.requests[0]!)).toBe('submit_reply');
    const chat = fakes.slack.calls.filter((c) => c.method.startsWith('chat.'));
    expect(chat.map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.update']);
    expect(fakes.slack.callsTo('chat.postMessage')[0]!.params.text).toBe('working…');
    expect(JSON.stringify(fakes.slack.callsTo('chat.update')[1]!.params.blocks)).toContain('Approved');
  });
});

it('runs every figure of the bench at smoke sizes, each with a finite ratio', async () => {
  const databases =
    process.env.COWORKER_TEST_DATABASE === 'postgres' ? postgresDatabases(POSTGRES_ADMIN_URL) : pgliteDatabases();
  const rows = await runBench({ sizes: SMOKE, databases: [databases] });

  expect(rows.map((r) => `${r.id} (${r.database})`)).toEqual([
    ...DATABASE_ROWS.map((id) => `${id} (${databases.label})`),
    ...PROCESS_ROWS.map((id) => `${id} (-)`),
  ]);
  for (const row of rows) {
    const ratio = ratioOf(row);
    expect(Number.isFinite(ratio) && ratio > 0, `${row.figure}: ${row.coworker} / ${row.baseline}`).toBe(true);
  }
  expect(formatTable(rows).split('\n')).toHaveLength(rows.length + 2);
}, 240_000);
