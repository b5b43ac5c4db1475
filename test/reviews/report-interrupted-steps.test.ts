import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimApplyStep, getApplyStep, listApplySteps } from '../../src/db/apply-steps-repository.js';
import { getArtifact } from '../../src/db/artifacts-repository.js';
import { heartbeat } from '../../src/db/instances-repository.js';
import { CoworkerError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import type { ApplyDeps } from '../../src/reviews/apply-approved.js';
import { finishFollowUps } from '../../src/reviews/finish-follow-ups.js';
import { reportInterruptedSteps } from '../../src/reviews/report-interrupted-steps.js';
import type { OutgoingMessage, SlackPort } from '../../src/slack-port.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { useTestDatabase } from '../support/test-database.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const database = useTestDatabase();
const SILENT = { silentForMs: 60_000 };
let hook: WebhookReceiver;
let registry: AgentRegistry;

beforeAll(async () => {
  hook = await startWebhookReceiver();
  const spec = AgentSpec.parse({
    name: 'closer',
    channels: ['#x'],
    instructions: 'i',
    artifact: { type: 'message' },
    on_approve: [{ webhook: { url: hook.url } }, { post: '#outbox' }],
  });
  registry = new AgentRegistry({ agents: [{ spec, file: '/a/closer.yaml', hash: 'h' }], invalid: [] });
});
afterAll(async () => hook?.close());

/** A SlackPort recording posts; `refuse` makes the next posts fail as Slack would. */
function recordingSlack() {
  const posts: OutgoingMessage[] = [];
  const state = { refuse: 0 };
  const slack = stubSlackPort({
    postMessage: async (m) => {
      if (state.refuse > 0) {
        state.refuse--;
        throw new CoworkerError('slack_failed', 'Slack said: ratelimited');
      }
      posts.push(m);
      return { channel: m.channel, ts: `2.${posts.length}` };
    },
  });
  return { slack, posts, state };
}

function depsFor(slack: SlackPort, instanceId: string): ApplyDeps {
  return {
    db: database.db,
    slack,
    agents: () => registry,
    logger: createLogger('error'),
    instanceId,
    webhook: { attempts: 1, backoffMs: 1, timeoutMs: 1000 },
  };
}

/** An approved, unapplied `closer` artifact whose webhook step (1) was claimed by a process that died a minute ago. */
async function approvedWithDeadWebhookStep() {
  const run = await seedRun(database.db, { agent: 'closer', input: '', channel_id: 'C0X' });
  const ts = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  const { id } = await seedArtifact(database.db, run, {
    content: '{"text":"Done."}',
    status: 'approved',
    message_ts: ts,
    decided_by: 'U2',
    decided_at: new Date(Date.now() - 120_000),
    shown_status: 'approved',
    applied_at: null,
  });
  const owner = `dead-${randomUUID()}`;
  await heartbeat(database.db, owner);
  await sql`update instances set heartbeat_at = now() - interval '2 minutes' where id = ${owner}`.execute(database.db);
  const claim = await claimApplyStep(database.db, {
    artifactId: id,
    step: 1,
    kind: 'webhook',
    claimedBy: owner,
    description: `deliver the webhook to ${new URL(hook.url).host}`,
  });
  await sql`update apply_steps set claimed_at = now() - interval '2 minutes' where artifact_id = ${id}`.execute(
    database.db,
  );
  return { id, ts, deliveryId: claim?.delivery_id ?? '' };
}

const inThread = (posts: OutgoingMessage[], ts: string) => posts.filter((p) => p.threadTs === ts);

describe('reportInterruptedSteps', () => {
  it('reports a step whose owner died once, never reruns it, and then lets the sweep run the steps after it', async () => {
    const { id, ts, deliveryId } = await approvedWithDeadWebhookStep();
    const { slack, posts } = recordingSlack();

    // Until the step is resolved, the follow-up sweep neither skips past it nor calls the artifact applied.
    await finishFollowUps(depsFor(slack, 'i1'), 1000);
    expect(posts).toEqual([]);
    expect((await getArtifact(database.db, id))?.applied_at).toBeNull();

    await Promise.all([
      reportInterruptedSteps(depsFor(slack, 'i1'), SILENT),
      reportInterruptedSteps(depsFor(slack, 'i2'), SILENT),
    ]);
    expect(inThread(posts, ts)).toHaveLength(1);
    const report = inThread(posts, ts)[0]!;
    expect(report.channel).toBe('C0X');
    expect(report.text).toContain(`deliver the webhook to ${new URL(hook.url).host}`);
    expect(report.text).toContain(deliveryId);
    expect(report.text).toMatch(/may or may not have arrived\. It was not retried: check, and do it by hand/);
    expect(await getApplyStep(database.db, id, 1)).toMatchObject({ status: 'interrupted', delivery_id: deliveryId });
    expect((await getApplyStep(database.db, id, 1))?.reported_at).toBeInstanceOf(Date);

    await reportInterruptedSteps(depsFor(slack, 'i1'), SILENT);
    await reportInterruptedSteps(depsFor(slack, 'i3'), 'all');
    expect(inThread(posts, ts)).toHaveLength(1);

    await finishFollowUps(depsFor(slack, 'i1'), 1000);
    await finishFollowUps(depsFor(slack, 'i2'), 1000);
    expect(posts.filter((p) => p.channel === 'C0OUTBOX')).toHaveLength(1);
    expect(hook.received).toHaveLength(0);
    expect((await listApplySteps(database.db, id)).map((s) => [s.step, s.status])).toEqual([
      [1, 'interrupted'],
      [2, 'done'],
    ]);
    expect((await getArtifact(database.db, id))?.applied_at).toBeInstanceOf(Date);
  });

  it('tries a report Slack refused again on the next sweep, on any replica, and posts it once', async () => {
    const { id, ts, deliveryId } = await approvedWithDeadWebhookStep();
    const { slack, posts, state } = recordingSlack();
    state.refuse = 1;
    await reportInterruptedSteps(depsFor(slack, 'i1'), SILENT);
    expect(inThread(posts, ts)).toHaveLength(0);
    expect(await getApplyStep(database.db, id, 1)).toMatchObject({
      status: 'interrupted',
      reported_at: null,
      report_claimed_by: null,
    });

    await Promise.all([
      reportInterruptedSteps(depsFor(slack, 'i2'), SILENT),
      reportInterruptedSteps(depsFor(slack, 'i3'), SILENT),
    ]);
    await reportInterruptedSteps(depsFor(slack, 'i1'), SILENT);
    expect(inThread(posts, ts)).toHaveLength(1);
    expect(inThread(posts, ts)[0]?.text).toContain(deliveryId);
    await finishFollowUps(depsFor(slack, 'i1'), 1000);
  });

  it('leaves a step its live owner still holds alone, and the steps after it wait', async () => {
    const { id, ts } = await approvedWithDeadWebhookStep();
    await heartbeat(database.db, (await getApplyStep(database.db, id, 1))?.claimed_by ?? '');
    const { slack, posts } = recordingSlack();
    await reportInterruptedSteps(depsFor(slack, 'i1'), SILENT);
    await finishFollowUps(depsFor(slack, 'i1'), 1000);
    expect(inThread(posts, ts)).toEqual([]);
    expect((await getApplyStep(database.db, id, 1))?.status).toBe('claimed');
    expect((await listApplySteps(database.db, id)).map((s) => s.step)).toEqual([1]);
  });
});
