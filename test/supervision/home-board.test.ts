import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { buildHomeBoard, HOME_PAGE_SIZE } from '../../src/supervision/home-board.js';
import { decodeNavigation, renderAppHome } from '../../src/surfaces/app-home.js';
import { sparkline } from '../../src/surfaces/sparkline.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { blocksText, listButtons } from '../support/find-button.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const NOW = new Date('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

function registry(count: number): AgentRegistry {
  return new AgentRegistry({
    agents: Array.from({ length: count }, (_, i) => ({
      spec: AgentSpec.parse({
        name: `agent-${String(i).padStart(3, '0')}`,
        channels: [i % 2 === 0 ? '#support' : 'C0OPS000001'],
        instructions: 'x',
        artifact: { type: 'message' },
      }),
      file: `/agents/agent-${i}.yaml`,
      hash: `h${i}`,
    })),
    invalid: [],
  });
}

/** `n` runs of `agent` `daysAgo` days before NOW, each with an artifact in `status`. */
async function seed(agent: string, n: number, o: { daysAgo: number; status: string; runStatus?: string }) {
  await sql`insert into runs (id, agent, trigger_kind, input, status, channel_id, created_at)
    select ${agent} || '-' || ${o.daysAgo} || '-' || ${o.status} || '-' || g, ${agent}, 'command', '', ${o.runStatus ?? 'succeeded'}, 'C1',
      ${new Date(NOW.getTime() - o.daysAgo * DAY)}::timestamptz
    from generate_series(1, ${n}) g`.execute(database.db);
  await sql`insert into artifacts (id, run_id, agent, type, options, content, version, lineage_id, status, channel_id, decided_by, decided_at, created_at)
    select 'a-' || r.id, r.id, r.agent, 'message', '{"type":"message"}', '{"text":"x"}', 1, 'a-' || r.id, ${o.status}, 'C1',
      case when ${o.status} in ('approved', 'rejected') then 'U1' end,
      case when ${o.status} in ('approved', 'rejected') then r.created_at end, r.created_at
    from runs r where r.id like ${`${agent}-${o.daysAgo}-${o.status}-%`}`.execute(database.db);
}

describe('buildHomeBoard', () => {
  it('puts failing, then drifting, then most pending agents first, and pages through 250 agents', async () => {
    await seed('agent-200', 2, { daysAgo: 1, status: 'rejected', runStatus: 'failed' });
    // Drifting: approved everything the month before, rejects most this week.
    await seed('agent-100', 6, { daysAgo: 20, status: 'approved' });
    await seed('agent-100', 3, { daysAgo: 2, status: 'rejected' });
    await seed('agent-100', 1, { daysAgo: 2, status: 'approved' });
    await seed('agent-050', 5, { daysAgo: 0, status: 'pending' });
    await seed('agent-051', 2, { daysAgo: 3, status: 'pending' });

    const agents = registry(250);
    const first = await buildHomeBoard(database.db, agents, { page: 0 }, NOW);
    expect(first.total).toBe(250);
    expect(first.pages).toBe(Math.ceil(250 / HOME_PAGE_SIZE));
    expect(first.agents.slice(0, 4).map((a) => a.agent)).toEqual(['agent-200', 'agent-100', 'agent-050', 'agent-051']);
    expect(first.agents[0]?.recentFailures).toBe(2);
    expect(first.agents[1]?.drift).toEqual(['approval 25% (was 100%)']);
    // Runs per day, oldest first, today last.
    expect(first.agents[2]?.runsPerDay.at(-1)).toBe(5);
    expect(first.agents[1]?.runsPerDay.at(-3)).toBe(4);
    expect(first.agents[0]?.runsPerDay).toHaveLength(14);

    const last = await buildHomeBoard(database.db, agents, { page: 99 }, NOW);
    expect(last.page).toBe(last.pages - 1);
    expect(last.agents).toHaveLength(250 - (last.pages - 1) * HOME_PAGE_SIZE);
    const seen = new Set<string>();
    for (let page = 0; page < first.pages; page += 1) {
      for (const a of (await buildHomeBoard(database.db, agents, { page }, NOW)).agents) seen.add(a.agent);
    }
    expect(seen.size).toBe(250);

    const ops = await buildHomeBoard(database.db, agents, { page: 0, channel: 'C0OPS000001' }, NOW);
    expect(ops.total).toBe(125);
    expect(ops.agents.every((a) => Number(a.agent.slice(-3)) % 2 === 1)).toBe(true);
    expect(first.channels).toEqual(['C0OPS000001', 'support']);
    // An unknown filter shows everyone.
    expect((await buildHomeBoard(database.db, agents, { page: 0, channel: 'nowhere' }, NOW)).total).toBe(250);
  });

  it('renders each page within the Home tab limits, with Previous / Next carrying the page and filter', async () => {
    const agents = registry(250);
    const board = await buildHomeBoard(database.db, agents, { page: 1, channel: 'support' }, NOW);
    const view = renderAppHome({ board, problems: ['agents/x.yaml:1: bad'] });
    assertWithinBlockKitLimits(view.blocks, { maxBlocks: 100, maxTotalText: 60_000 });
    const buttons = listButtons(view.blocks);
    expect(buttons.map((b) => b.label)).toEqual(['Previous', 'Next']);
    expect(buttons.map((b) => decodeNavigation(b.value))).toEqual([
      { page: 0, channel: 'support' },
      { page: 2, channel: 'support' },
    ]);
    expect(blocksText(view.blocks)).toContain('Agents 21–40 of 125 · page 2 of 7');
  });
});

describe('sparkline', () => {
  it('scales bars to the busiest day', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0, 0])).toBe('▁▁▁');
  });
});
