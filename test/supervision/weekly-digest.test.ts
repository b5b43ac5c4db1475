import { describe, expect, it } from 'vitest';
import type { ActivityCounts } from '../../src/db/activity-repository.js';
import { storeFactVersions } from '../../src/db/facts-repository.js';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { driftReasons } from '../../src/supervision/drift.js';
import { composeDigest, postWeeklyDigest } from '../../src/supervision/weekly-digest.js';
import { type DigestAgent, renderDigest } from '../../src/surfaces/digest-message.js';
import { blockKitViolations } from '../support/block-kit-checker.js';
import { blocksText } from '../support/find-button.js';
import { recordingLogger } from '../support/recording-logger.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const DAY = 86_400_000;
const WEEK_END = new Date('2026-11-30T09:00:00Z');
const daysBefore = (days: number) => new Date(WEEK_END.getTime() - days * DAY);

const counts = (c: Partial<ActivityCounts>): ActivityCounts => ({
  runs: 0,
  failures: 0,
  costUsd: 0,
  approved: 0,
  rejected: 0,
  zeroTouch: 0,
  corrections: 0,
  ...c,
});

describe('driftReasons', () => {
  it('flags an approval rate below the 30 days before, and corrections rising per run', () => {
    expect(
      driftReasons(counts({ approved: 2, rejected: 2, runs: 4 }), counts({ approved: 9, rejected: 1, runs: 10 })),
    ).toEqual(['approval 50% (was 90%)']);
    expect(driftReasons(counts({ runs: 4, corrections: 3 }), counts({ runs: 20, corrections: 2 }))).toEqual([
      'corrections rising (3 this week)',
    ]);
  });

  it('says nothing on too few decisions, a steady agent, or no activity', () => {
    expect(driftReasons(counts({ approved: 1, rejected: 1 }), counts({ approved: 10 }))).toEqual([]);
    expect(
      driftReasons(
        counts({ approved: 9, rejected: 1, runs: 10, corrections: 1 }),
        counts({ approved: 9, rejected: 1, runs: 10 }),
      ),
    ).toEqual([]);
    expect(driftReasons(undefined, counts({ approved: 9 }))).toEqual([]);
  });
});

describe('renderDigest', () => {
  const agent = (name: string, extra: Partial<DigestAgent> = {}): DigestAgent => ({
    agent: name,
    runs: 3,
    approved: 2,
    zeroTouchRate: 0.5,
    corrections: 1,
    failures: 0,
    costUsd: 0.25,
    drift: [],
    ...extra,
  });

  it('totals the week, puts drifting agents first, and lists facts that need their owners', () => {
    const { text, blocks } = renderDigest({
      from: daysBefore(7),
      to: WEEK_END,
      timezone: 'UTC',
      agents: [
        agent('steady', { runs: 10 }),
        agent('drifter', { drift: ['approval 50% (was 90%)'] }),
        agent('idle', { runs: 0, approved: 0, corrections: 0 }),
      ],
      facts: [{ title: 'Refund policy', owner: '@support-leads', why: 'due' }],
      disputesOpen: 1,
    });
    expect(text).toBe('Weekly digest 23 Nov – 30 Nov: 13 runs, 4 approved, 1 drifting');
    const shown = blocksText(blocks);
    expect(shown).toContain('*13* runs · *4* approved · zero-touch 50% · *2* corrections · *0* failures · cost $0.50');
    expect(shown).toContain('⚠ *Drifting:* drifter (approval 50% (was 90%))');
    expect(shown.indexOf('⚠ *drifter*')).toBeLessThan(shown.indexOf('*steady*'));
    expect(shown).not.toContain('*idle*');
    expect(shown).toContain(
      '📚 Team knowledge: 1 fact due: Refund policy (@support-leads) · 1 correction waiting for a fact',
    );
    expect(blockKitViolations(blocks)).toEqual([]);
  });

  it('stays within a message for hundreds of agents, counting those left out', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      agent(`agent-with-a-long-name-${i}`, { drift: i % 7 === 0 ? ['corrections rising (3 this week)'] : [] }),
    );
    const { blocks } = renderDigest({
      from: daysBefore(7),
      to: WEEK_END,
      timezone: 'Europe/Berlin',
      agents: many,
      facts: [],
      disputesOpen: 0,
    });
    expect(blockKitViolations(blocks)).toEqual([]);
    expect(blocksText(blocks)).toMatch(/…and \d+ more agents/);
  });
});

describe('composeDigest and postWeeklyDigest', () => {
  const spec = (name: string, knowledge: string[] = []) => ({
    spec: AgentSpec.parse({
      name,
      channels: ['C1'],
      instructions: 'x',
      artifact: { type: 'message' },
      context: { knowledge },
    }),
    file: `/agents/${name}.yaml`,
    hash: name,
  });

  it('counts only the week, compares it with the 30 days before, and names due facts', async () => {
    const db = database.db;
    for (const [agent, day, status] of [
      ['drafter', 2, 'approved'],
      ['drafter', 3, 'rejected'],
      ['drafter', 4, 'rejected'],
      ['drafter', 5, 'rejected'],
      ['drafter', 10, 'approved'],
      ['drafter', 11, 'approved'],
      ['drafter', 12, 'approved'],
      ['drafter', 40, 'approved'],
    ] as const) {
      const at = daysBefore(day);
      const run = await seedRun(db, { agent, created_at: at, cost_usd: 0.1, model_calls: 1 });
      await seedArtifact(db, run, { status, decided_at: at, decided_by: 'U1' });
    }
    await seedRun(db, { agent: 'other', created_at: daysBefore(1), status: 'failed' });
    const stored = await storeFactVersions(db, [
      {
        id: 'refund-policy',
        hash: 'h',
        title: 'Refund policy',
        owner: '@support-leads',
        verifyEveryMs: DAY,
        body: 'x',
      },
    ]);
    const version = stored.get('refund-policy')!;
    const knowledge = new KnowledgeBase('/k', [
      {
        id: 'refund-policy',
        file: '/k/refund-policy.md',
        title: 'Refund policy',
        owner: '@support-leads',
        verifyEveryMs: DAY,
        body: 'x',
        hash: 'h',
        ...version,
      },
    ]);
    const deps = {
      db,
      slack: stubSlackPort(),
      agents: () => new AgentRegistry({ agents: [spec('drafter', ['refund-policy']), spec('quiet')], invalid: [] }),
      knowledge: () => knowledge,
      instanceId: 'i1',
      logger: recordingLogger().logger,
    };
    // A week after the fact was stored it is due (verify_every 1 d).
    const view = await composeDigest(deps, new Date(Date.now() + 7 * DAY), 'UTC');
    expect(view.facts).toEqual([{ title: 'Refund policy', owner: '@support-leads', why: 'due' }]);

    const week = await composeDigest(deps, WEEK_END, 'UTC');
    const byName = new Map(week.agents.map((a) => [a.agent, a]));
    expect(byName.get('drafter')).toMatchObject({
      runs: 4,
      approved: 1,
      failures: 0,
      drift: ['approval 25% (was 100%)'],
    });
    expect(byName.get('drafter')?.costUsd).toBeCloseTo(0.4);
    expect(byName.get('other')).toMatchObject({ runs: 1, failures: 1 });
    expect(byName.get('quiet')).toMatchObject({ runs: 0, drift: [] });
  });

  it('posts a slot once, however many replicas fire it', async () => {
    const posted: unknown[] = [];
    const replica = (instanceId: string) => ({
      db: database.db,
      slack: stubSlackPort({
        postMessage: async (m) => {
          posted.push(m);
          return { channel: m.channel, ts: '1.1' };
        },
      }),
      agents: () => new AgentRegistry({ agents: [], invalid: [] }),
      instanceId,
      logger: recordingLogger().logger,
    });
    const settings = { channel: '#outbox', timezone: 'UTC' };
    const results = await Promise.all([
      postWeeklyDigest(replica('a'), settings, WEEK_END),
      postWeeklyDigest(replica('b'), settings, WEEK_END),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(posted).toEqual([
      expect.objectContaining({ channel: 'C0OUTBOX', text: expect.stringContaining('Weekly digest') }),
    ]);
    expect(await postWeeklyDigest(replica('c'), settings, new Date(WEEK_END.getTime() + 7 * DAY))).toBe(true);
  });

  it('says in the log when the owners channel is unknown', async () => {
    const { logger, lines } = recordingLogger();
    const deps = {
      db: database.db,
      slack: stubSlackPort({ resolveChannel: async () => undefined }),
      agents: () => new AgentRegistry({ agents: [], invalid: [] }),
      instanceId: 'i1',
      logger,
    };
    expect(await postWeeklyDigest(deps, { channel: '#nowhere', timezone: 'UTC' }, daysBefore(70))).toBe(false);
    expect(lines.map(([, line]) => line).join('\n')).toMatch(
      /COWORKER_OWNERS_CHANNEL \(#nowhere\) is not a channel the app knows/,
    );
  });
});
