import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ArtifactRow, ReviewStatus } from '../../src/db/schema.js';
import { type AgentScore, computeScorecard } from '../../src/supervision/scorecard.js';
import { renderAppHome } from '../../src/surfaces/app-home.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

async function run(
  agent: string,
  status: 'succeeded' | 'failed' | 'interrupted',
  cost: number | null,
): Promise<string> {
  const id = randomUUID();
  await database.db
    .insertInto('runs')
    .values({
      id,
      agent,
      trigger_kind: 'command',
      input: '',
      status,
      cost_usd: cost,
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
    })
    .execute();
  return id;
}

async function artifact(
  agent: string,
  runId: string,
  status: ReviewStatus,
  o: { decidedAfterSeconds?: number; edited?: boolean; version?: number; lineageId?: string } = {},
): Promise<ArtifactRow> {
  const id = randomUUID();
  const created = new Date('2026-11-01T10:00:00Z');
  return database.db
    .insertInto('artifacts')
    .values({
      id,
      run_id: runId,
      agent,
      type: 'message',
      options: JSON.stringify({ type: 'message' }),
      content: JSON.stringify({ text: 'x' }),
      version: o.version ?? 1,
      lineage_id: o.lineageId ?? id,
      status,
      expires_at: null,
      channel_id: 'C1',
      message_ts: null,
      thread_ts: null,
      edited: o.edited ?? false,
      decided_by: o.decidedAfterSeconds === undefined ? null : 'U1',
      decided_at:
        o.decidedAfterSeconds === undefined ? null : new Date(created.getTime() + o.decidedAfterSeconds * 1000),
      created_at: created,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

describe('computeScorecard', () => {
  it('computes runs, failures, pending, approval and zero-touch rates, corrections, cost per approved and median decision time per agent', async () => {
    const a = 'scored-agent';
    const r1 = await run(a, 'succeeded', 0.02);
    const r2 = await run(a, 'succeeded', 0.02);
    const r3 = await run(a, 'succeeded', 0.02);
    const r4 = await run(a, 'succeeded', 0.02);
    await run(a, 'failed', 0.02);
    await run(a, 'interrupted', null);
    await artifact(a, r1, 'approved', { decidedAfterSeconds: 60 }); // zero-touch
    await artifact(a, r2, 'approved', { decidedAfterSeconds: 120, edited: true }); // edited
    const corrected = await artifact(a, r3, 'approved', { decidedAfterSeconds: 600 }); // corrected in its lineage
    await database.db
      .insertInto('corrections')
      .values({
        id: randomUUID(),
        agent: a,
        run_id: r3,
        artifact_id: corrected.id,
        author: 'U2',
        source: 'reply',
        text: 't',
        target: null,
        kind: 'tone',
        before: null,
        after: null,
        instruction: 'i',
        extraction: 'done',
        status: 'active',
        channel_id: 'C1',
        thread_ts: null,
        message_ts: `m-${randomUUID()}`,
        ack_ts: null,
        retired_by: null,
        retired_at: null,
      })
      .execute();
    await artifact(a, r4, 'rejected', { decidedAfterSeconds: 30 });
    await artifact(a, r4, 'pending');

    const [score, empty] = await computeScorecard(database.db, [a, 'idle-agent']);
    expect(score).toEqual<AgentScore>({
      agent: a,
      runs: 6,
      failures: 2,
      pending: 1,
      approved: 3,
      decided: 4,
      approvalRate: 0.75,
      zeroTouchRate: 1 / 3,
      corrections: 1,
      costUsd: expect.closeTo(0.1, 10) as unknown as number,
      costPerApproved: expect.closeTo(0.1 / 3, 10) as unknown as number,
      medianDecisionSeconds: 90,
    });
    expect(empty).toMatchObject({
      agent: 'idle-agent',
      runs: 0,
      approvalRate: null,
      zeroTouchRate: null,
      costPerApproved: null,
      medianDecisionSeconds: null,
    });
  });
});

describe('renderAppHome', () => {
  it("stays within a Home tab's limits for a page of 300 agents, 150 channels and many problems", () => {
    const scores = Array.from(
      { length: 300 },
      (_, i): AgentScore => ({
        agent: `agent-${i}`,
        runs: i,
        failures: 0,
        pending: 1,
        approved: 1,
        decided: 2,
        approvalRate: 0.5,
        zeroTouchRate: 1,
        corrections: 0,
        costUsd: 1,
        costPerApproved: 1,
        medianDecisionSeconds: 3600,
      }),
    );
    const view = renderAppHome({
      board: {
        agents: scores
          .slice(0, 20)
          .map((s) => ({ ...s, recentFailures: 1, drift: ['approval 50% (was 90%)'], runsPerDay: [1, 2, 3] })),
        total: 300,
        page: 0,
        first: 0,
        pages: 15,
        channels: Array.from({ length: 150 }, (_, i) => `channel-${i}`),
      },
      problems: Array.from({ length: 200 }, (_, i) => `agents/bad-${i}.yaml:3: channels: ${'x'.repeat(50)}`),
    });
    // A Home tab has no documented total-text limit like a message's; Slack caps the whole view's JSON far above this.
    assertWithinBlockKitLimits(view.blocks, { maxBlocks: 100, maxTotalText: 60_000 });
    expect(JSON.stringify(view.blocks)).toContain('Agents 1–20 of 300 · page 1 of 15');
    expect(JSON.stringify(view.blocks)).toContain('Spec problems');
  });
});
