import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UPDATE_CONTACT_TOOL } from '../support/artifact-samples.js';
import { blocksText, listButtons } from '../support/find-button.js';
import { inMemoryToolGateway } from '../support/in-memory-tool-gateway.js';
import { sendViewSubmission, viewStateFromView } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

// The real app (Bolt, database, fake Slack and Anthropic) with an in-memory ToolGateway injected
// through StartOptions.tools. Once the MCP gateway is merged this file should run against a real
// MCP server built with the SDK (the spec's `tools:` then names it) instead of the in-memory one.
const SUPPORT = 'C0SUPPORT01';
const SWEEPS = { COWORKER_SWEEP_MS: '200', COWORKER_HEARTBEAT_MS: '200', COWORKER_INSTANCE_TIMEOUT_MS: '1000' };

const gateway = inMemoryToolGateway([
  { ...UPDATE_CONTACT_TOOL, permission: 'write' },
  { server: 'crm', name: 'search_contacts', inputSchema: { type: 'object' }, permission: 'read' },
]);
const proposal = {
  actions: ['C-1', 'C-2', 'C-3'].map((id, i) => ({
    tool: 'crm.update_contact',
    arguments: { id, field: 'stage', value: ['won', 'lost', 'qualified'][i] },
    reason: `${id} moved on.`,
  })),
};

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'crm-ops.yaml': `
channels: ["#support"]
instructions: Propose contact updates.
artifact: { type: actions }
`,
    },
    env: SWEEPS,
    tools: gateway,
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => proposal;
  gateway.calls.length = 0;
  gateway.handle('crm.update_contact', async (args) => ({ isError: false, text: `updated ${args.id}` }));
});

const made = () => gateway.calls.map((c) => `${c.arguments.id}=${c.arguments.value}`);
const threadOf = (review: { params: Record<string, unknown> }) =>
  t.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.params.channel === SUPPORT && c.params.thread_ts === review.params.ts)
    .map((c) => String(c.params.text));

describe('an actions agent in Slack', () => {
  it('shows the numbered calls; 10 concurrent Approve clicks make each call once, reported one line each', async () => {
    const review = await t.runAgent('crm-ops');
    const shown = blocksText(review.params.blocks);
    expect(shown).toContain(
      '*1.* `crm.update_contact`\n      id: C-1\n      field: stage\n      value: won\n      ↳ C-1 moved on.',
    );
    expect(shown).toContain('*3.* `crm.update_contact`');
    expect(gateway.calls).toEqual([]);

    const clicks = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.click(review, 'Approve', `U0APPROVER${i}`)),
    );
    expect(clicks.every((c) => c.status === 200)).toBe(true);
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)) && listButtons(p.blocks).length === 0,
    );
    await expect.poll(() => threadOf(review).length).toBe(3);
    expect(threadOf(review)).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: updated C-1',
      ':white_check_mark: Action 2: called `crm.update_contact`: updated C-2',
      ':white_check_mark: Action 3: called `crm.update_contact`: updated C-3',
    ]);
    // Well after every follow-up and sweep: still once each.
    await new Promise((r) => setTimeout(r, 600));
    expect(made()).toEqual(['C-1=won', 'C-2=lost', 'C-3=qualified']);
  });

  it('Edit: one input per argument, a schema error at its input; saving calls the edited arguments', async () => {
    const review = await t.runAgent('crm-ops');
    await t.click(review, 'Edit', 'U0BOB', { trigger_id: 'trig-edit' });
    const opened = await t.slack.waitForCall('views.open', (p) => p.trigger_id === 'trig-edit');
    const view = opened.params.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    const id = String((opened.response?.view as { id?: unknown } | undefined)?.id);
    const submit = (edits: Record<string, string>) =>
      sendViewSubmission(t.url, SIGNING_SECRET, {
        user: 'U0BOB',
        view: {
          id,
          callback_id: view.callback_id,
          private_metadata: view.private_metadata,
          state: viewStateFromView(view, edits),
        },
      });

    const refused = await submit({ action_2_arg_2: 'phone' });
    expect(JSON.parse(refused.body)).toEqual({
      response_action: 'errors',
      errors: { action_2_arg_2: 'Action 2: `field` must be equal to one of the allowed values (email, stage, owner).' },
    });
    expect(gateway.calls).toEqual([]);

    const saved = await submit({ action_2_arg_3: 'churned' });
    expect(saved.status).toBe(200);
    await expect.poll(() => gateway.calls.length).toBe(3);
    expect(made()).toEqual(['C-1=won', 'C-2=churned', 'C-3=qualified']);
  });

  it('Reject calls nothing', async () => {
    const review = await t.runAgent('crm-ops');
    await t.click(review, 'Reject', 'U0BOB');
    await t.slack.waitForCall('chat.update', (p) => p.ts === review.params.ts && /Rejected/.test(blocksText(p.blocks)));
    await new Promise((r) => setTimeout(r, 600));
    expect(gateway.calls).toEqual([]);
    expect(threadOf(review)).toEqual([]);
  });

  it('across a restart mid-apply: the cut-off call is reported, never repeated, and no later call is made', async () => {
    // Call 2 never answers: the process that made it is gone before it could record anything.
    gateway.handle('crm.update_contact', async (args) =>
      args.id === 'C-2' ? new Promise(() => {}) : { isError: false, text: 'ok' },
    );
    const review = await t.runAgent('crm-ops');
    await t.click(review, 'Approve', 'U0BOB');
    await expect.poll(() => gateway.calls.length).toBe(2);

    await t.restart(SWEEPS);
    await expect.poll(() => threadOf(review).length, { timeout: 10_000 }).toBe(3);
    expect(threadOf(review)).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: ok',
      expect.stringMatching(/^:warning: Approved, but Coworker stopped .* to call `crm\.update_contact` \(action 2\)/),
      expect.stringContaining('(action 3): it was not made, because action 2 did not go through.'),
    ]);
    await new Promise((r) => setTimeout(r, 600));
    expect(made()).toEqual(['C-1=won', 'C-2=lost']);
  });
});
