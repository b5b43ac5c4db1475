import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ActionsContent, ActionsOptions, actionsArtifact } from '../../src/artifacts/actions.js';
import { claimApplyStep, finishApplyStep, listApplySteps } from '../../src/db/apply-steps-repository.js';
import { getArtifact, insertVersion } from '../../src/db/artifacts-repository.js';
import { recordEditView } from '../../src/db/edit-views-repository.js';
import type { ArtifactRow, NewArtifact } from '../../src/db/schema.js';
import { createLogger } from '../../src/logger.js';
import { type Metrics, noMetrics } from '../../src/metrics/metrics.js';
import { type ApplyDeps, applyApproved } from '../../src/reviews/apply-approved.js';
import { decide } from '../../src/reviews/decide.js';
import { expireOverdueReviews } from '../../src/reviews/expire-reviews.js';
import { finishFollowUps } from '../../src/reviews/finish-follow-ups.js';
import { followDecision } from '../../src/reviews/follow-decision.js';
import { reportInterruptedSteps } from '../../src/reviews/report-interrupted-steps.js';
import { submitEdit } from '../../src/reviews/submit-edit.js';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { type InMemoryToolGateway, inMemoryToolGateway } from '../support/in-memory-tool-gateway.js';
import { recordingMetrics } from '../support/recording-metrics.js';
import { seedArtifact, seedRun } from '../support/seed-rows.js';
import { stubSlackPort } from '../support/stub-slack-port.js';
import { submitForm } from '../support/submit-form.js';
import { useTestDatabase } from '../support/test-database.js';

// Service level: decide / apply / sweeps on the real database with an in-memory ToolGateway.
// The same properties are checked end to end against a real MCP server in test/integration/actions.test.ts.
const database = useTestDatabase();
const CHANNEL = 'C0OPS';
const REVIEW_TS = '100.1';

// The in-memory gateway stands for the server; the spec names one, as a valid actions spec must.
const CRM = { crm: { url: 'https://crm.example/mcp', write: ['update_contact'] } };

const registry = new AgentRegistry({
  agents: [
    {
      spec: AgentSpec.parse({
        name: 'crm-ops',
        channels: ['#ops'],
        instructions: 'i',
        artifact: { type: 'actions' },
        tools: CRM,
        on_approve: [{ post: '#outbox' }],
      }),
      file: '/a/crm-ops.yaml',
      hash: 'h',
    },
    {
      spec: AgentSpec.parse({
        name: 'crm-quick',
        channels: ['#ops'],
        instructions: 'i',
        artifact: { type: 'actions' },
        tools: CRM,
        limits: { timeout: '1s' },
      }),
      file: '/a/crm-quick.yaml',
      hash: 'h',
    },
  ],
  invalid: [],
});

const writeTools = () => [{ ...UPDATE_CONTACT_TOOL, permission: 'write' as const }];
const options = ActionsOptions.parse({ type: 'actions', write_tools: [UPDATE_CONTACT_TOOL] });
const call = (id: string, value: string) => ({
  tool: 'crm.update_contact',
  arguments: { id, field: 'stage', value },
  reason: `Move ${id} on.`,
});
const THREE: ActionsContent = { actions: [call('C-1', 'won'), call('C-2', 'lost'), call('C-3', 'qualified')] };

/** A thread recorder and the deps of one Coworker instance. */
function instance(
  instanceId: string,
  tools: InMemoryToolGateway | undefined,
  thread: string[],
): ApplyDeps & { metrics: Metrics } {
  const slack = stubSlackPort({
    postMessage: async (m) => {
      if (m.channel === CHANNEL && m.threadTs === REVIEW_TS) thread.push(m.text);
      return { channel: m.channel, ts: `2.${thread.length}` };
    },
  });
  return {
    db: database.db,
    slack,
    agents: () => registry,
    logger: createLogger('error'),
    instanceId,
    webhook: { attempts: 1, backoffMs: 1, timeoutMs: 100 },
    ...(tools ? { tools } : {}),
    metrics: noMetrics,
  };
}

async function pendingActions(content: ActionsContent = THREE, overrides: Partial<NewArtifact> = {}) {
  const run = await seedRun(database.db, { agent: overrides.agent ?? 'crm-ops', channel_id: CHANNEL });
  return seedArtifact(database.db, run, {
    type: 'actions',
    options: JSON.stringify(options),
    content: JSON.stringify(content),
    message_ts: REVIEW_TS,
    ...overrides,
  });
}

const click = (artifact: ArtifactRow, userId: string, decision: 'approve' | 'reject' = 'approve') => ({
  artifactId: artifact.id,
  version: artifact.version,
  userId,
  decision,
  source: { kind: 'button' as const, origin: { channelId: CHANNEL, messageTs: REVIEW_TS, ephemeral: false } },
});

const madeCalls = (gateway: InMemoryToolGateway) =>
  gateway.calls.map((c) => `${c.server}.${c.tool} ${c.arguments.id}=${c.arguments.value}`);

describe(`approving an actions artifact on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('makes each call in order with the reviewed arguments, claimed first, one thread line per call, then on_approve', async () => {
    const gateway = inMemoryToolGateway(writeTools());
    const artifact = await pendingActions();
    const claimsSeen: string[] = [];
    gateway.handle('crm.update_contact', async (args) => {
      // By the time the server is called, its step is claimed by this instance.
      const steps = await listApplySteps(database.db, artifact.id);
      claimsSeen.push(steps.map((s) => `${s.step}:${s.kind}:${s.status}:${s.claimed_by}`).join(' '));
      return { isError: false, text: `updated ${args.id}` };
    });
    const thread: string[] = [];
    const deps = instance('i1', gateway, thread);

    const outcome = await decide(deps, click(artifact, 'U1'));
    expect(outcome.kind).toBe('decided');
    await followDecision(deps, outcome.artifact);

    expect(gateway.calls).toEqual([
      {
        agent: 'crm-ops',
        server: 'crm',
        tool: 'update_contact',
        arguments: { id: 'C-1', field: 'stage', value: 'won' },
      },
      {
        agent: 'crm-ops',
        server: 'crm',
        tool: 'update_contact',
        arguments: { id: 'C-2', field: 'stage', value: 'lost' },
      },
      {
        agent: 'crm-ops',
        server: 'crm',
        tool: 'update_contact',
        arguments: { id: 'C-3', field: 'stage', value: 'qualified' },
      },
    ]);
    expect(claimsSeen).toEqual([
      '1:tool_call:claimed:i1',
      '1:tool_call:done:i1 2:tool_call:claimed:i1',
      '1:tool_call:done:i1 2:tool_call:done:i1 3:tool_call:claimed:i1',
    ]);
    expect(thread).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: updated C-1',
      ':white_check_mark: Action 2: called `crm.update_contact`: updated C-2',
      ':white_check_mark: Action 3: called `crm.update_contact`: updated C-3',
    ]);
    const steps = await listApplySteps(database.db, artifact.id);
    expect(steps.map((s) => [s.step, s.kind, s.status, s.description])).toEqual([
      [1, 'tool_call', 'done', 'call `crm.update_contact` (action 1)'],
      [2, 'tool_call', 'done', 'call `crm.update_contact` (action 2)'],
      [3, 'tool_call', 'done', 'call `crm.update_contact` (action 3)'],
      [4, 'post', 'done', 'post it to #outbox'],
    ]);
    expect((await getArtifact(database.db, artifact.id))?.applied_at).toBeInstanceOf(Date);
  });

  it('makes each call exactly once under 10 concurrent approvals and 10 concurrent applies', async () => {
    const gateway = inMemoryToolGateway(writeTools());
    const artifact = await pendingActions();
    const thread: string[] = [];
    const deps = instance('i1', gateway, thread);

    const clicks = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => decide(deps, click(artifact, `U${i}`))),
    );
    const decided = clicks.flatMap((c) => (c.status === 'fulfilled' && c.value.kind === 'decided' ? [c.value] : []));
    expect(decided).toHaveLength(1);
    expect(clicks.filter((c) => c.status === 'rejected')).toHaveLength(9);
    // Every replica's sweep on top of the one click that decided.
    const approved = decided[0]?.artifact as ArtifactRow;
    await Promise.all([
      followDecision(deps, approved),
      ...Array.from({ length: 10 }, (_, i) => applyApproved(instance(`r${i}`, gateway, thread), approved)),
    ]);
    await finishFollowUps(deps, 0);

    expect(madeCalls(gateway)).toEqual([
      'crm.update_contact C-1=won',
      'crm.update_contact C-2=lost',
      'crm.update_contact C-3=qualified',
    ]);
    expect(thread.filter((t) => t.startsWith(':white_check_mark:'))).toHaveLength(3);
  });

  it('calls the edited arguments when Edit saved the approval, validated against the reviewed schema', async () => {
    const gateway = inMemoryToolGateway(writeTools());
    const artifact = await pendingActions({ actions: [call('C-1', 'won')] });
    const form = actionsArtifact.editForm({ actions: [call('C-1', 'won')] }, options);
    // The server's schema changed since the review: the edit still checks against the stored one.
    gateway.setTools([{ ...UPDATE_CONTACT_TOOL, inputSchema: { type: 'object' }, permission: 'write' }]);
    const refused = actionsArtifact.readEditForm(
      submitForm(form, { action_1_arg_3: '' }),
      { actions: [call('C-1', 'won')] },
      ActionsOptions.parse(artifact.options),
    );
    expect(refused).toEqual({ ok: false, errors: { action_1_arg_3: 'Action 1: `value` is required.' } });
    const read = actionsArtifact.readEditForm(
      submitForm(form, { action_1_arg_3: 'churned' }),
      { actions: [call('C-1', 'won')] },
      ActionsOptions.parse(artifact.options),
    );
    if (!read.ok) throw new Error('the edit should read');
    await recordEditView(database.db, { viewId: 'V1', artifactId: artifact.id, version: 1, userId: 'U2' });
    const thread: string[] = [];
    const metrics = recordingMetrics();
    const deps = { ...instance('i1', gateway, thread), metrics };
    const edited = await submitEdit(deps, {
      artifact,
      run: { id: artifact.run_id } as never,
      userId: 'U2',
      content: read.content,
      changes: [],
      viewId: 'V1',
    });
    await followDecision(deps, edited.artifact);
    expect(madeCalls(gateway)).toEqual(['crm.update_contact C-1=churned']);
    expect(metrics.events.reviewDecided).toEqual([{ agent: 'crm-ops', decision: 'edited' }]);
  });

  it('reports a failed call once, makes none after it, and never repeats it on later sweeps', async () => {
    const gateway = inMemoryToolGateway(writeTools(), {
      'crm.update_contact': async (args) =>
        args.id === 'C-1' ? { isError: false, text: 'ok' } : { isError: true, text: 'contact <!here> C-2 is locked' },
    });
    const artifact = await pendingActions();
    const thread: string[] = [];
    const deps = instance('i1', gateway, thread);
    const outcome = await decide(deps, click(artifact, 'U1'));
    await followDecision(deps, outcome.artifact);
    await applyApproved(deps, outcome.artifact);
    await finishFollowUps(deps, 0);

    expect(madeCalls(gateway)).toEqual(['crm.update_contact C-1=won', 'crm.update_contact C-2=lost']);
    expect(thread).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: ok',
      ':warning: Approved, but could not call `crm.update_contact` (action 2): the server answered with an error: contact &lt;!here&gt; C-2 is locked. It was not retried; do it by hand if it is still needed.',
      ':warning: Approved, but could not call `crm.update_contact` (action 3): it was not made, because action 2 did not go through. It was not retried; do it by hand if it is still needed.',
    ]);
    const steps = await listApplySteps(database.db, artifact.id);
    expect(steps.map((s) => [s.step, s.status])).toEqual([
      [1, 'done'],
      [2, 'failed'],
      [3, 'failed'],
      [4, 'done'],
    ]);
  });

  it('reports an unreachable server, a tool no longer writable and a missing gateway, calling nothing', async () => {
    const down = inMemoryToolGateway(writeTools(), {
      'crm.update_contact': async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:1');
      },
    });
    const readOnly = inMemoryToolGateway([{ ...UPDATE_CONTACT_TOOL, permission: 'read' }]);
    const texts: string[][] = [];
    for (const gateway of [down, readOnly, undefined]) {
      const artifact = await pendingActions({ actions: [call('C-1', 'won')] });
      const thread: string[] = [];
      const deps = instance('i1', gateway, thread);
      await followDecision(deps, (await decide(deps, click(artifact, 'U1'))).artifact);
      texts.push(thread);
    }
    expect(down.calls).toHaveLength(1);
    expect(readOnly.calls).toHaveLength(0);
    expect(texts).toEqual([
      [
        expect.stringContaining(
          'could not call `crm.update_contact` (action 1): Something went wrong inside Coworker (connect ECONNREFUSED 127.0.0.1:1).',
        ),
      ],
      [
        expect.stringContaining(
          "`crm.update_contact` is no longer one of this agent's write tools (`tools.crm.write`), so it was not called.",
        ),
      ],
      [expect.stringContaining('this Coworker has no tool servers, so no call can be made.')],
    ]);
  });

  it('makes no call when the approved content does not pass the schemas stored with it, and says so once', async () => {
    const gateway = inMemoryToolGateway(writeTools());
    // Stored before a stricter validator, say: `field` is not one the reviewed schema allows.
    const artifact = await pendingActions({
      actions: [{ ...call('C-1', 'won'), arguments: { id: 'C-1', field: 'phone', value: 'x' } }],
    });
    const thread: string[] = [];
    const deps = instance('i1', gateway, thread);
    await followDecision(deps, (await decide(deps, click(artifact, 'U1'))).artifact);
    await finishFollowUps(deps, 0);
    expect(gateway.calls).toEqual([]);
    expect(thread).toEqual([
      ':warning: Approved, but could not make the approved calls: the approved calls do not pass the tool schemas they were reviewed with (`field` must be equal to one of the allowed values (email, stage, owner)), so none was made. It was not retried; do it by hand if it is still needed.',
    ]);
  });

  it("gives up on a call the server does not answer within the agent's limits.timeout, and says it may have been made", async () => {
    const gateway = inMemoryToolGateway(writeTools(), { 'crm.update_contact': () => new Promise(() => {}) });
    const artifact = await pendingActions(
      { actions: [call('C-1', 'won'), call('C-2', 'lost')] },
      { agent: 'crm-quick' },
    );
    const thread: string[] = [];
    const deps = instance('i1', gateway, thread);
    const started = Date.now();
    await followDecision(deps, (await decide(deps, click(artifact, 'U1'))).artifact);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(gateway.calls).toHaveLength(1);
    expect(thread).toEqual([
      ':warning: Approved, but could not call `crm.update_contact` (action 1): `crm.update_contact` gave no answer within 1s (limits.timeout), so it may or may not have been made. It was not retried; do it by hand if it is still needed.',
      expect.stringContaining('(action 2): it was not made, because action 1 did not go through.'),
    ]);
  });

  it('calls nothing on Reject or on expiry (each counted as such)', async () => {
    const gateway = inMemoryToolGateway(writeTools());
    const thread: string[] = [];
    const metrics = recordingMetrics();
    const deps = { ...instance('i1', gateway, thread), metrics };
    const rejected = await pendingActions();
    await followDecision(deps, (await decide(deps, click(rejected, 'U1', 'reject'))).artifact);
    await pendingActions(THREE, { agent: 'crm-quick', expires_at: new Date(Date.now() - 1000) });
    expect(await expireOverdueReviews(deps)).toBeGreaterThanOrEqual(1);
    await finishFollowUps(deps, 0);
    expect(gateway.calls).toEqual([]);
    expect(await listApplySteps(database.db, rejected.id)).toEqual([]);
    expect(metrics.events.reviewDecided[0]).toEqual({ agent: 'crm-ops', decision: 'rejected' });
    expect(metrics.events.reviewDecided).toContainEqual({ agent: 'crm-quick', decision: 'expired' });
  });

  it("never runs a superseded or stale version's calls; the newest version runs its own", async () => {
    const gateway = inMemoryToolGateway(writeTools());
    const thread: string[] = [];
    const deps = instance('i1', gateway, thread);
    const v1 = await pendingActions({ actions: [call('C-1', 'from-v1')] });
    const stored = await insertVersion(
      database.db,
      {
        ...v1,
        id: randomUUID(),
        content: JSON.stringify({ actions: [call('C-1', 'from-v2')] }),
        options: JSON.stringify(v1.options),
        attachment_report: null,
        version: 2,
        created_at: undefined,
      },
      { revises: v1.id },
    );
    const v2 = stored?.artifact as ArtifactRow;
    expect(stored?.superseded).toEqual([v1.id]);

    await expect(decide(deps, click(v1, 'U1'))).rejects.toMatchObject({ code: 'review_stale' });
    // A button of version 1 naming the artifact of version 2 is refused too.
    await expect(decide(deps, { ...click(v2, 'U1'), version: 1 })).rejects.toMatchObject({ code: 'review_not_found' });
    await finishFollowUps(deps, 0);
    expect(gateway.calls).toEqual([]);

    await followDecision(deps, (await decide(deps, click(v2, 'U1'))).artifact);
    await expect(decide(deps, click(v2, 'U2'))).rejects.toMatchObject({ code: 'review_stale' });
    expect(madeCalls(gateway)).toEqual(['crm.update_contact C-1=from-v2']);
    expect(await listApplySteps(database.db, v1.id)).toEqual([]);
  });

  it('does not repeat the calls made before a restart, and makes the rest once', async () => {
    const gateway = inMemoryToolGateway(writeTools());
    const artifact = await pendingActions();
    const thread: string[] = [];
    const before = instance('old', gateway, thread);
    const approved = (await decide(before, click(artifact, 'U1'))).artifact;
    // The old process made call 1 and stopped before claiming call 2.
    await claimApplyStep(database.db, { artifactId: artifact.id, step: 1, kind: 'tool_call', claimedBy: 'old' });
    await finishApplyStep(database.db, { artifactId: artifact.id, step: 1, ok: true, attempts: 1 });

    const after = instance('new', gateway, thread);
    await finishFollowUps(after, 0);
    await finishFollowUps(after, 0);
    expect(madeCalls(gateway)).toEqual(['crm.update_contact C-2=lost', 'crm.update_contact C-3=qualified']);
    expect((await getArtifact(database.db, approved.id))?.applied_at).toBeInstanceOf(Date);
  });

  it('reports a call cut off by a dying process as interrupted, never repeats it, and makes none after it', async () => {
    let release: (value: { isError: boolean; text: string }) => void = () => {};
    const gateway = inMemoryToolGateway(writeTools(), {
      'crm.update_contact': async (args) =>
        args.id === 'C-2' ? new Promise((resolve) => (release = resolve)) : { isError: false, text: 'ok' },
    });
    const artifact = await pendingActions();
    const thread: string[] = [];
    const dying = instance('dying', gateway, thread);
    const approved = (await decide(dying, click(artifact, 'U1'))).artifact;
    const cutOff = applyApproved(dying, approved);
    await expect.poll(() => gateway.calls.length).toBe(2);

    // Another replica finds the owner dead: the claimed call is reported, not rerun, and the sweep goes on.
    const survivor = instance('survivor', gateway, thread);
    expect(await reportInterruptedSteps(survivor, { instance: 'dying' })).toBe(1);
    await finishFollowUps(survivor, 0);
    await finishFollowUps(survivor, 0);

    expect(madeCalls(gateway)).toEqual(['crm.update_contact C-1=won', 'crm.update_contact C-2=lost']);
    expect(thread).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: ok',
      expect.stringMatching(
        /^:warning: Approved, but Coworker stopped \(crashed or was killed\) while trying to call `crm\.update_contact` \(action 2\) \(delivery id `[0-9a-f-]+`\), so it may or may not have arrived\. It was not retried/,
      ),
      ':warning: Approved, but could not call `crm.update_contact` (action 3): it was not made, because action 2 did not go through. It was not retried; do it by hand if it is still needed.',
    ]);
    release({ isError: false, text: 'late' });
    await cutOff;
    expect(gateway.calls).toHaveLength(2);
  });

  it('leaves a call cut off by its own stop claimed and unreported: the next start reports it once, and makes none after it', async () => {
    let cut: (err: Error) => void = () => {};
    const gateway = inMemoryToolGateway(writeTools(), {
      'crm.update_contact': async (args) =>
        args.id === 'C-2' ? new Promise((_, reject) => (cut = reject)) : { isError: false, text: 'ok' },
    });
    const artifact = await pendingActions();
    const thread: string[] = [];
    const stop = new AbortController();
    const stopping = { ...instance('stopping', gateway, thread), stopping: stop.signal };
    const approved = (await decide(stopping, click(artifact, 'U1'))).artifact;
    const applying = applyApproved(stopping, approved);
    await expect.poll(() => gateway.calls.length).toBe(2);

    // The stop closes the server connections under the call in flight: not the server's failure.
    stop.abort();
    cut(new Error('Connection closed'));
    await applying;
    expect(thread).toEqual([':white_check_mark: Action 1: called `crm.update_contact`: ok']);
    expect((await listApplySteps(database.db, artifact.id)).map((s) => [s.step, s.status])).toEqual([
      [1, 'done'],
      [2, 'claimed'],
    ]);

    const next = instance('next', gateway, thread);
    expect(await reportInterruptedSteps(next, { instance: 'stopping' })).toBe(1);
    await finishFollowUps(next, 0);
    expect(thread).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: ok',
      expect.stringMatching(/^:warning: Approved, but Coworker stopped .* to call `crm\.update_contact` \(action 2\)/),
      expect.stringContaining('(action 3): it was not made, because action 2 did not go through.'),
    ]);
    expect(gateway.calls).toHaveLength(2);
  });
});
