import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  claimApplyStep,
  claimUnreportedSteps,
  finishApplyStep,
  getApplyStep,
  interruptStepsOfDeadOwners,
  markStepReported,
  releaseStepReport,
} from '../../src/db/apply-steps-repository.js';
import { heartbeat } from '../../src/db/instances-repository.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const SILENT = { silentForMs: 60_000 };

async function newArtifact(): Promise<string> {
  const run = await seedRun(database.db);
  const artifact = await seedArtifact(database.db, run, {
    status: 'approved',
    message_ts: '1.0',
    decided_by: 'U2',
    decided_at: new Date(),
  });
  return artifact.id;
}

/** An instance whose last heartbeat was `agoMs` ago (database clock). */
async function instanceSeen(agoMs: number): Promise<string> {
  const id = `inst-${randomUUID()}`;
  await heartbeat(database.db, id);
  await sql`update instances set heartbeat_at = now() - ${agoMs} * interval '1 millisecond' where id = ${id}`.execute(
    database.db,
  );
  return id;
}

async function claimAgo(artifactId: string, step: number, owner: string, agoMs: number) {
  const claim = await claimApplyStep(database.db, {
    artifactId,
    step,
    kind: 'webhook',
    claimedBy: owner,
    description: 'deliver the webhook to example.com',
  });
  await sql`update apply_steps set claimed_at = now() - ${agoMs} * interval '1 millisecond' where artifact_id = ${artifactId} and step = ${step}`.execute(
    database.db,
  );
  return claim;
}

function keysOf(rows: Array<{ artifact_id: string; step: number }>, artifactId: string): number[] {
  return rows
    .filter((r) => r.artifact_id === artifactId)
    .map((r) => r.step)
    .sort();
}

describe(`apply steps on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('interrupts only the claimed steps of silent owners, once across concurrent sweepers, keeping what they were', async () => {
    const artifact = await newArtifact();
    const [dead, alive, restarted] = await Promise.all([instanceSeen(120_000), instanceSeen(0), instanceSeen(120_000)]);
    const deadClaim = await claimAgo(artifact, 1, dead, 120_000);
    await claimAgo(artifact, 2, alive, 120_000);
    await claimAgo(artifact, 3, 'never-heartbeat', 120_000);
    await claimAgo(artifact, 4, 'never-heartbeat-yet', 0);
    // An id whose last life went silent long ago but which claimed just now (restarted, not heartbeating yet).
    await claimAgo(artifact, 5, restarted, 0);
    await claimAgo(artifact, 6, dead, 120_000);
    await finishApplyStep(database.db, { artifactId: artifact, step: 6, ok: true, attempts: 1 });

    const results = await Promise.all(
      ['r1', 'r2', 'r3', 'r4'].map((r) => interruptStepsOfDeadOwners(database.db, r, SILENT)),
    );
    expect(results.flatMap((rows) => keysOf(rows, artifact)).sort()).toEqual([1, 3]);
    const step1 = await getApplyStep(database.db, artifact, 1);
    expect(step1).toMatchObject({
      status: 'interrupted',
      claimed_by: dead,
      delivery_id: deadClaim?.delivery_id,
      description: 'deliver the webhook to example.com',
      reported_at: null,
    });
    expect(step1?.finished_at).toBeInstanceOf(Date);
    expect(
      results.filter((rows) => keysOf(rows, artifact).length > 0).map((rows) => rows[0]?.report_claimed_by),
    ).toEqual([step1?.report_claimed_by]);
    for (const step of [2, 4, 5]) expect((await getApplyStep(database.db, artifact, step))?.status).toBe('claimed');
    expect((await getApplyStep(database.db, artifact, 6))?.status).toBe('done');

    expect(keysOf(await interruptStepsOfDeadOwners(database.db, 'r1', SILENT), artifact)).toEqual([]);
  });

  it('never lets a late finisher overwrite an interrupted step', async () => {
    const artifact = await newArtifact();
    await claimAgo(artifact, 1, await instanceSeen(120_000), 120_000);
    await interruptStepsOfDeadOwners(database.db, 'r1', SILENT);
    expect(await finishApplyStep(database.db, { artifactId: artifact, step: 1, ok: true, attempts: 2 })).toBe(false);
    expect((await getApplyStep(database.db, artifact, 1))?.status).toBe('interrupted');
  });

  it('at start-up takes one earlier instance id, or with the embedded database every claimed step', async () => {
    const artifact = await newArtifact();
    await claimAgo(artifact, 1, 'me', 0);
    await claimAgo(artifact, 2, 'someone-else', 0);
    expect(keysOf(await interruptStepsOfDeadOwners(database.db, 'me', { instance: 'me' }), artifact)).toEqual([1]);
    expect(keysOf(await interruptStepsOfDeadOwners(database.db, 'me', 'all'), artifact)).toEqual([2]);
  });

  it('hands a report Slack refused, or whose reporter died, to one other reporter; a posted one to nobody', async () => {
    const artifact = await newArtifact();
    const deadReporter = await instanceSeen(120_000);
    await claimAgo(artifact, 1, await instanceSeen(120_000), 120_000);
    await claimAgo(artifact, 2, await instanceSeen(120_000), 120_000);
    await interruptStepsOfDeadOwners(database.db, 'live-reporter', SILENT);
    // Both reports are held by a live reporter: nobody else takes them.
    expect(keysOf(await claimUnreportedSteps(database.db, 'other', SILENT), artifact)).toEqual([]);

    // Slack refused step 1's report: released, then claimed by exactly one of several sweepers.
    await releaseStepReport(database.db, { artifactId: artifact, step: 1, reporter: 'live-reporter' });
    const claims = await Promise.all(['s1', 's2', 's3'].map((r) => claimUnreportedSteps(database.db, r, SILENT)));
    expect(claims.flatMap((rows) => keysOf(rows, artifact))).toEqual([1]);
    const winner = claims.flatMap((rows) => rows.filter((r) => r.artifact_id === artifact))[0]?.report_claimed_by ?? '';
    await markStepReported(database.db, { artifactId: artifact, step: 1, reporter: winner });
    expect((await getApplyStep(database.db, artifact, 1))?.reported_at).toBeInstanceOf(Date);

    // Step 2's reporter died long ago: its report is taken over.
    await sql`update apply_steps set report_claimed_by = ${deadReporter}, report_claimed_at = now() - interval '2 minutes' where artifact_id = ${artifact} and step = 2`.execute(
      database.db,
    );
    expect(keysOf(await claimUnreportedSteps(database.db, 's1', SILENT), artifact)).toEqual([2]);
    await markStepReported(database.db, { artifactId: artifact, step: 2, reporter: 's1' });

    // Posted reports are never claimed again, not even at an embedded start-up.
    expect(keysOf(await claimUnreportedSteps(database.db, 's2', 'all'), artifact)).toEqual([]);
    // A release by someone who no longer holds the report changes nothing.
    await releaseStepReport(database.db, { artifactId: artifact, step: 2, reporter: 'live-reporter' });
    expect((await getApplyStep(database.db, artifact, 2))?.report_claimed_by).toBe('s1');
  });
});
