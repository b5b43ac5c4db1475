import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { claimApplyStep, finishApplyStep, listApplySteps } from '../../src/db/apply-steps-repository.js';
import { getArtifact, transitionArtifact } from '../../src/db/artifacts-repository.js';
import { listApprovers, recordDecision } from '../../src/db/decisions-repository.js';
import { addRunUsage, claimRunReadingCorrections, finishRun, getRun } from '../../src/db/runs-repository.js';
import type { Run } from '../../src/db/schema.js';
import { forgetOldEvents, markEventSeen } from '../../src/db/slack-events-repository.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();

const newRun = () => seedRun(database.db, { agent: 'support-reply', status: 'queued' });
const newArtifact = (run: Run) => seedArtifact(database.db, run, { message_ts: null });

describe(`repositories on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('claims a queued run once and sums usage across model calls', async () => {
    const run = await newRun();
    expect(run.status).toBe('queued');
    expect(run.created_at).toBeInstanceOf(Date);
    const claim = { id: run.id, model: 'm', statusTs: null };
    const claims = await Promise.all(
      ['i1', 'i2'].map((instanceId) =>
        claimRunReadingCorrections(database.db, { ...claim, instanceId }, { agent: run.agent, limit: 5 }),
      ),
    );
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    await addRunUsage(database.db, run.id, {
      calls: 1,
      usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 3, cache_read_input_tokens: 0 },
      costUsd: 0.5,
    });
    await addRunUsage(database.db, run.id, {
      calls: 1,
      usage: { input_tokens: 1, output_tokens: 2, cache_creation_input_tokens: 0, cache_read_input_tokens: 7 },
      costUsd: null,
    });
    const after = await getRun(database.db, run.id);
    expect(after).toMatchObject({
      status: 'running',
      model_calls: 2,
      input_tokens: 11,
      output_tokens: 7,
      cache_creation_input_tokens: 3,
      cache_read_input_tokens: 7,
      cost_usd: 0.5,
    });
  });

  it('finishes a run once; a late finisher does not overwrite the verdict', async () => {
    const run = await newRun();
    expect(await finishRun(database.db, run.id, { status: 'interrupted', errorCode: 'run_interrupted' })).toBe(true);
    expect(await finishRun(database.db, run.id, { status: 'succeeded' })).toBe(false);
    expect((await getRun(database.db, run.id))?.status).toBe('interrupted');
  });

  it('lets exactly one of many concurrent transitions win, and only at the current version', async () => {
    const run = await newRun();
    const artifact = await newArtifact(run);
    expect(
      await transitionArtifact(database.db, { id: artifact.id, version: 2, to: 'approved', by: 'U1' }),
    ).toBeUndefined();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        transitionArtifact(database.db, {
          id: artifact.id,
          version: 1,
          to: i % 2 ? 'approved' : 'rejected',
          by: `U${i}`,
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const stored = await getArtifact(database.db, artifact.id);
    expect(stored?.status).not.toBe('pending');
    expect(stored?.content).toEqual({ text: 'Hello' });
  });

  it('counts one decision per person', async () => {
    const artifact = await newArtifact(await newRun());
    expect(await recordDecision(database.db, { artifactId: artifact.id, userId: 'U1', kind: 'approve' })).toBe(true);
    expect(await recordDecision(database.db, { artifactId: artifact.id, userId: 'U1', kind: 'approve' })).toBe(false);
    expect(await recordDecision(database.db, { artifactId: artifact.id, userId: 'U2', kind: 'approve' })).toBe(true);
    expect(await listApprovers(database.db, artifact.id)).toEqual(['U1', 'U2']);
  });

  it('claims an apply step once, keeping a stable delivery id', async () => {
    const artifact = await newArtifact(await newRun());
    const claims = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        claimApplyStep(database.db, { artifactId: artifact.id, step: 0, kind: 'post', claimedBy: `i${i}` }),
      ),
    );
    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    await finishApplyStep(database.db, {
      artifactId: artifact.id,
      step: 0,
      ok: false,
      attempts: 3,
      error: 'channel_not_found',
    });
    const [step] = await listApplySteps(database.db, artifact.id);
    expect(step).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'channel_not_found',
      delivery_id: winners[0]?.delivery_id,
    });
  });

  it('remembers Slack event ids, and forgets old ones', async () => {
    const id = `Ev${randomUUID()}`;
    expect(await markEventSeen(database.db, id)).toBe(true);
    expect(await markEventSeen(database.db, id)).toBe(false);
    await sql`update slack_events set received_at = now() - interval '2 days' where event_id = ${id}`.execute(
      database.db,
    );
    expect(await forgetOldEvents(database.db, 86_400_000)).toBeGreaterThanOrEqual(1);
    expect(await markEventSeen(database.db, id)).toBe(true);
  });
});
