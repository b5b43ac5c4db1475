/**
 * `npm run bench`: how the parts that grow with a workspace scale. Each case runs at a small
 * size (the baseline) and a large one in the same process, and prints the time ratio next to
 * the size ratio: linear work shows the same ratio, bounded work (Block Kit surfaces are capped)
 * a ratio near 1. Absolute times depend on the machine; the ratios should not.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import { loadSpecs } from '../src/specs/load-specs.js';
import { computeScorecard } from '../src/supervision/scorecard.js';
import { renderReviewMessage } from '../src/surfaces/review-message.js';

interface Case {
  name: string;
  small: number;
  large: number;
  prepare: (size: number) => Promise<() => Promise<unknown>>;
}

async function time(run: () => Promise<unknown>, repeat: number): Promise<number> {
  await run(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < repeat; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1e6 / repeat;
}

async function specFolder(count: number): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-specs-'));
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      writeFile(
        path.join(dir, `agent-${i}.yaml`),
        `channels: ["#team-${i % 50}"]\ninstructions: Do job ${i}.\ntriggers:\n  command: job-${i}\nartifact:\n  type: table\n  columns: [a, b, c]\n`,
      ),
    ),
  );
  return dir;
}

async function seededDatabase(agents: number, runsPerAgent: number): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({ dialect: new PGliteDialect(await PGlite.create()) });
  await migrateToLatest(db);
  for (let a = 0; a < agents; a++) {
    const runs = Array.from({ length: runsPerAgent }, () => ({
      id: randomUUID(),
      agent: `agent-${a}`,
      trigger_kind: 'command' as const,
      input: '',
      status: 'succeeded' as const,
      cost_usd: 0.01,
    }));
    await db
      .insertInto('runs')
      .values(
        runs.map((r) => ({
          ...r,
          spec_hash: null,
          trigger_user: null,
          trigger_detail: null,
          channel_id: 'C1',
          thread_ts: null,
          error_code: null,
          error_message: null,
          instance_id: null,
          status_ts: null,
          retry_of: null,
          model: null,
          started_at: null,
          finished_at: null,
        })),
      )
      .execute();
    await db
      .insertInto('artifacts')
      .values(
        runs.map((r, i) => ({
          id: randomUUID(),
          run_id: r.id,
          agent: r.agent,
          type: 'message',
          options: '{"type":"message"}',
          content: '{"text":"x"}',
          version: 1,
          lineage_id: randomUUID(),
          status: i % 3 === 0 ? ('pending' as const) : ('approved' as const),
          expires_at: null,
          channel_id: 'C1',
          message_ts: null,
          thread_ts: null,
          decided_by: 'U1',
          decided_at: new Date(),
        })),
      )
      .execute();
  }
  return db;
}

const cleanups: Array<() => Promise<unknown>> = [];

const cases: Case[] = [
  {
    name: 'load and check agent specs',
    small: 30,
    large: 300,
    prepare: async (size) => {
      const dir = await specFolder(size);
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      return () => loadSpecs(dir, {});
    },
  },
  {
    name: 'render a table review (+ its full text)',
    small: 10,
    large: 10_000,
    prepare: async (size) => {
      const content = { rows: Array.from({ length: size }, (_, i) => ({ a: `row ${i}`, b: 'value', c: String(i) })) };
      return async () =>
        renderReviewMessage({
          agent: 'bench',
          artifact: { id: 'a', version: 1, options: { type: 'table', columns: ['a', 'b', 'c'] }, content },
          trigger: { kind: 'command', userId: 'U1' },
          state: { status: 'pending' },
          correctionsUsed: 0,
        });
    },
  },
  {
    name: 'compute the App Home scorecard (agents x 20 runs)',
    small: 20,
    large: 200,
    prepare: async (size) => {
      const db = await seededDatabase(size, 20);
      cleanups.push(() => db.destroy());
      const agents = Array.from({ length: size }, (_, i) => `agent-${i}`);
      return () => computeScorecard(db, agents);
    },
  },
];

console.log(
  'case'.padEnd(52),
  'small ms'.padStart(10),
  'large ms'.padStart(10),
  'size x'.padStart(8),
  'time x'.padStart(8),
);
for (const c of cases) {
  const small = await time(await c.prepare(c.small), 5);
  const large = await time(await c.prepare(c.large), 5);
  console.log(
    c.name.padEnd(52),
    small.toFixed(2).padStart(10),
    large.toFixed(2).padStart(10),
    `${c.large / c.small}`.padStart(8),
    (large / small).toFixed(1).padStart(8),
  );
}
const rss = process.memoryUsage().rss / 1024 / 1024;
console.log(`peak-ish RSS after all cases: ${rss.toFixed(0)} MiB`);
for (const cleanup of cleanups) await cleanup();
