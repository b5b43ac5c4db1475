/**
 * App Home as the listener builds it (the board's queries: scorecard, activity windows, runs per day; then the view), in-process
 * against a migrated database seeded with `runs` runs of `agents` agents: one artifact each
 * (a third pending, the rest approved or rejected), a failure in twenty, a correction in fifty.
 */
import { type Kysely, sql } from 'kysely';
import { migrateToLatest } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open-database.js';
import type { Database } from '../src/db/schema.js';
import { AgentRegistry } from '../src/specs/agent-registry.js';
import { AgentSpec } from '../src/specs/agent-spec.js';
import { buildHomeBoard } from '../src/supervision/home-board.js';
import { renderAppHome } from '../src/surfaces/app-home.js';
import type { BenchDatabases } from './databases.js';
import { timeMedian } from './time-median.js';

/**
 * Milliseconds (median of `repeat`) to build App Home over each size in turn, on one new
 * database emptied between sizes.
 */
export async function timeAppHome(
  databases: BenchDatabases,
  sizes: ReadonlyArray<{ agents: number; runs: number }>,
  repeat: number,
): Promise<number[]> {
  const { db, close } = await openMigrated(databases);
  const times: number[] = [];
  try {
    for (const size of sizes) {
      await sql`truncate corrections, artifacts, runs cascade`.execute(db);
      await seed(db, size.agents, size.runs);
      const registry = new AgentRegistry({
        agents: Array.from({ length: size.agents }, (_, i) => ({
          spec: AgentSpec.parse({
            name: `agent-${i}`,
            channels: [`#team-${i % 10}`],
            instructions: 'x',
            artifact: { type: 'message' },
          }),
          file: `/agents/agent-${i}.yaml`,
          hash: `h${i}`,
        })),
        invalid: [],
      });
      times.push(
        await timeMedian(async () => {
          const board = await buildHomeBoard(db, registry, { page: 0 });
          renderAppHome({ board, problems: [] });
        }, repeat),
      );
    }
    return times;
  } finally {
    await close();
  }
}

/** A new database opened as the app opens it (its settings included), migrated. */
async function openMigrated(databases: BenchDatabases): Promise<{ db: Kysely<Database>; close(): Promise<void> }> {
  const env = await databases.fresh();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.COWORKER_DATA_DIR ?? '' });
  await migrateToLatest(database.db);
  return { db: database.db, close: () => database.close() };
}

export async function seed(db: Kysely<Database>, agents: number, runs: number): Promise<void> {
  await sql`insert into runs (id, agent, trigger_kind, input, status, cost_usd, channel_id, created_at)
    select 'run-' || g, 'agent-' || (g % ${sql.lit(agents)}), 'command', 'input ' || g,
      case when g % 20 = 0 then 'failed' else 'succeeded' end, 0.01, 'C1', now() - make_interval(mins => g)
    from generate_series(0, ${sql.lit(runs - 1)}) g`.execute(db);
  await sql`insert into artifacts (id, run_id, agent, type, options, content, version, lineage_id, status,
      channel_id, message_ts, decided_by, decided_at, created_at)
    select 'art-' || g, 'run-' || g, 'agent-' || (g % ${sql.lit(agents)}), 'message', '{"type":"message"}', '{"text":"x"}', 1,
      'art-' || g, s.status, 'C1', '1.' || g,
      case when s.status = 'pending' then null else 'U1' end,
      case when s.status = 'pending' then null else now() - make_interval(mins => g) + make_interval(secs => g % 600) end,
      now() - make_interval(mins => g)
    from generate_series(0, ${sql.lit(runs - 1)}) g,
      lateral (select case g % 3 when 0 then 'pending' when 1 then 'approved' else 'rejected' end as status) s`.execute(
    db,
  );
  await sql`insert into corrections (id, agent, run_id, artifact_id, author, source, text, kind, instruction,
      extraction, status)
    select 'cor-' || g, 'agent-' || (g % ${sql.lit(agents)}), 'run-' || g, 'art-' || g, 'U1', 'reply', 'shorter please',
      'tone', 'Be shorter.', 'done', 'active'
    from generate_series(0, ${sql.lit(runs - 1)}, 50) g`.execute(db);
  await sql`analyze`.execute(db);
}
