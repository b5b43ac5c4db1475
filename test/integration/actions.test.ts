import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelToolUse } from '../support/fake-anthropic.js';
import { blocksText, listButtons } from '../support/find-button.js';
import { buildTestCrmServer, type CrmAnswer, type CrmUpdate } from '../support/mcp/crm-tool-server.js';
import { type HttpToolServer, startHttpToolServer } from '../support/mcp/http-tool-server.js';
import { sendViewSubmission, viewStateFromView } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

// The real app (Bolt, database, fake Slack and Anthropic) and a real MCP server built with the
// SDK, reached over Streamable HTTP on 127.0.0.1 as the spec's `tools:` names it. What the
// server's handlers were asked (`crm.calls`) is the system behind it: the test reads that.
const SUPPORT = 'C0SUPPORT01';
const SWEEPS = { COWORKER_SWEEP_MS: '200', COWORKER_HEARTBEAT_MS: '200', COWORKER_INSTANCE_TIMEOUT_MS: '1000' };

const spec = (review = '') => `
channels: ["#support"]
instructions: Propose contact updates.
artifact: { type: actions }
tools:
  crm:
    url: "\${CRM_URL}"
    write: [update_contact]
${review}`;

const proposal = {
  actions: ['C-1', 'C-2', 'C-3'].map((id, i) => ({
    tool: 'crm.update_contact',
    arguments: { id, field: 'stage', value: ['won', 'lost', 'qualified'][i] },
    reason: `${id} moved on.`,
  })),
};

let t: TestApp;
let crm: HttpToolServer;
/** What the server answers to `update_contact` in the current test. */
let answer: (update: CrmUpdate) => Promise<CrmAnswer>;

beforeAll(async () => {
  crm = await startHttpToolServer((onCall) => buildTestCrmServer(onCall, (update) => answer(update)));
  t = await startTestApp({
    agents: {
      'crm-ops.yaml': spec(),
      'crm-expiring.yaml': spec('review: { expires_after: 1s }'),
    },
    env: { ...SWEEPS, CRM_URL: crm.url },
  });
});
afterAll(async () => {
  await t?.close();
  await crm?.stop();
});
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  // Offered a read tool as well, the model is asked with tool_choice any: it proposes at once.
  t.model.respondWith(modelToolUse('submit_artifact', proposal));
  crm.calls.length = 0;
  answer = async (update) => ({ text: `updated ${update.id}` });
});

/** The updates the CRM was asked to make, in the order its handler received them. */
const made = () => crm.calls.map((c) => `${c.tool} ${c.arguments.id}=${c.arguments.value}`);
const threadOf = (review: { params: Record<string, unknown> }) =>
  t.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.params.channel === SUPPORT && c.params.thread_ts === review.params.ts)
    .map((c) => String(c.params.text));

describe('an actions agent in Slack', () => {
  it('never calls a write tool before Approve, whatever the model asks; shows the numbered calls; 10 concurrent Approve clicks make each call once, reported one line each', async () => {
    // The model tries the write tool itself first: it is not offered, and the server is not asked.
    t.model.enqueue(modelToolUse('crm__update_contact', { id: 'C-1', field: 'stage', value: 'hacked' }));
    const review = await t.runAgent('crm-ops');
    const offered = (t.model.requests[0]?.body.tools ?? []).map((tool) => tool.name);
    expect(offered).toEqual(expect.arrayContaining(['crm__search_contacts', 'submit_artifact']));
    expect(offered.filter((name) => name.includes('update_contact'))).toEqual([]);
    const shown = blocksText(review.params.blocks);
    expect(shown).toContain(
      '*1.* `crm.update_contact`\n      id: C-1\n      field: stage\n      value: won\n      ↳ C-1 moved on.',
    );
    expect(shown).toContain('*3.* `crm.update_contact`');
    await new Promise((r) => setTimeout(r, 300));
    expect(crm.calls).toEqual([]);

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
    expect(made()).toEqual(['update_contact C-1=won', 'update_contact C-2=lost', 'update_contact C-3=qualified']);
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
    expect(crm.calls).toEqual([]);

    const saved = await submit({ action_2_arg_3: 'churned' });
    expect(saved.status).toBe(200);
    await expect.poll(() => crm.calls.length).toBe(3);
    expect(made()).toEqual(['update_contact C-1=won', 'update_contact C-2=churned', 'update_contact C-3=qualified']);
  });

  it('Reject calls nothing', async () => {
    const review = await t.runAgent('crm-ops');
    await t.click(review, 'Reject', 'U0BOB');
    await t.slack.waitForCall('chat.update', (p) => p.ts === review.params.ts && /Rejected/.test(blocksText(p.blocks)));
    await new Promise((r) => setTimeout(r, 600));
    expect(crm.calls).toEqual([]);
    expect(threadOf(review)).toEqual([]);
  });

  it('across a restart mid-apply: the cut-off call is reported, never repeated, and no later call is made', async () => {
    // Call 2 never answers: the process that made it is gone before it could record anything.
    answer = async (update) => (update.id === 'C-2' ? new Promise(() => {}) : { text: 'ok' });
    const review = await t.runAgent('crm-ops');
    await t.click(review, 'Approve', 'U0BOB');
    await expect.poll(() => crm.calls.length).toBe(2);

    await t.restart(SWEEPS);
    await expect.poll(() => threadOf(review).length, { timeout: 10_000 }).toBe(3);
    expect(threadOf(review)).toEqual([
      ':white_check_mark: Action 1: called `crm.update_contact`: ok',
      expect.stringMatching(/^:warning: Approved, but Coworker stopped .* to call `crm\.update_contact` \(action 2\)/),
      expect.stringContaining('(action 3): it was not made, because action 2 did not go through.'),
    ]);
    await new Promise((r) => setTimeout(r, 600));
    expect(made()).toEqual(['update_contact C-1=won', 'update_contact C-2=lost']);
  });

  it('expiry calls nothing', async () => {
    const review = await t.runAgent('crm-expiring');
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Expired/.test(blocksText(p.blocks)),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(crm.calls).toEqual([]);
    expect(threadOf(review)).toEqual([
      expect.stringContaining('expired before anyone decided, so nothing was applied'),
    ]);
  });
});
