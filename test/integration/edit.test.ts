import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemText } from '../support/fake-anthropic.js';
import { blocksText, findButton, listButtons } from '../support/find-button.js';
import { sendBlockAction, sendViewSubmission, viewStateFromView } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const SUPPORT = 'C0SUPPORT01';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: {
      'lead-table.yaml': `
channels: ["#support"]
instructions: List the leads.
artifact: { type: table, columns: [company, score] }
on_approve:
  - post: "#support-outbox"
`,
      'careful-notes.yaml': `
channels: ["#support"]
instructions: Write notes.
artifact: { type: document }
review: { quorum: 2 }
`,
    },
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = (_r, tool) =>
    tool.name === 'submit_artifact' && JSON.stringify(_r.body.tools).includes('company')
      ? {
          rows: [
            { company: 'Acme', score: '7' },
            { company: 'Globex', score: '3' },
          ],
        }
      : { title: 'Notes', sections: [{ heading: 'Summary', body: 'We met.' }] };
});

function runAgent(agent: string) {
  return t.runAgent(agent, { input: 'go' });
}

type OpenedView = { id: string; callback_id: string; private_metadata: string; blocks: unknown[] };

/** Presses Edit; the modal as the app asked for it, with the view id Slack gave it. */
async function openEdit(review: { params: Record<string, unknown> }, user: string): Promise<OpenedView> {
  await t.click(review, 'Edit', user, { trigger_id: `trig-${user}` });
  const opened = await t.slack.waitForCall('views.open', (p) => p.trigger_id === `trig-${user}`);
  const view = opened.params.view as Omit<OpenedView, 'id'>;
  return { ...view, id: String((opened.response?.view as { id?: unknown } | undefined)?.id) };
}

function submit(view: OpenedView, user: string, edits: Record<string, string>) {
  return sendViewSubmission(t.url, SIGNING_SECRET, {
    user,
    view: {
      id: view.id,
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: viewStateFromView(view, edits),
    },
  });
}

describe('Edit', () => {
  it('opens a prefilled modal; saving approves the edited version, posts it, and stores the edit as a correction', async () => {
    const review = await runAgent('lead-table');
    const view = await openEdit(review, 'U0BOB');
    expect(JSON.stringify(view.blocks)).toContain('Acme');
    expect(JSON.stringify(view.blocks)).toContain('initial_value');

    const rowBlock = (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find((b) =>
      b.element?.initial_value?.includes('Globex'),
    );
    const edited = rowBlock!.element!.initial_value!.replace('3', '9');
    const response = await submit(view, 'U0BOB', { [rowBlock!.block_id!]: edited });
    expect(response.status).toBe(200);
    expect(response.body).toBe('');

    const decided = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Approved with edits/.test(blocksText(p.blocks)),
    );
    expect(listButtons(decided.params.blocks)).toEqual([]);
    const posted = await t.slack.waitForCall('chat.postMessage', (p) => p.channel === 'C0OUTBOX001');
    expect(JSON.stringify(posted.params)).toContain('9');
    const csv = await t.slack.waitForCall('files.completeUploadExternal');
    expect(JSON.stringify(csv.params)).toContain(String(review.params.ts));
    expect(t.slack.uploads.map((u) => u.content).join('\n')).toMatch(/Globex,9/);

    // The edit is a correction: the next run of the agent is told.
    await runAgent('lead-table');
    expect(systemText(t.model.requests.at(-1)!)).toMatch(/A reviewer rewrote row 2/);
  });

  it('keeps the modal open with errors at the input when the edit is invalid', async () => {
    const review = await runAgent('lead-table');
    const view = await openEdit(review, 'U0BOB');
    const rowBlock = (view.blocks as Array<{ block_id?: string; element?: { initial_value?: string } }>).find((b) =>
      b.element?.initial_value?.includes('Acme'),
    );
    const response = await submit(view, 'U0BOB', { [rowBlock!.block_id!]: 'nonsense without columns' });
    const body = JSON.parse(response.body) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual([rowBlock!.block_id]);
    expect(t.slack.callsTo('chat.update').filter((c) => c.params.ts === review.params.ts)).toHaveLength(1);
  });

  it("with quorum 2, turns the edit into version 2 carrying the editor's approval; a second approver approves it", async () => {
    const review = await runAgent('careful-notes');
    const view = await openEdit(review, 'U0BOB');
    await submit(view, 'U0BOB', { section_1_body: 'We met and agreed on a pilot.' });
    const v2 = await t.slack.waitForCall(
      'chat.postMessage',
      (p) => p.thread_ts === review.params.ts && /agreed on a pilot/.test(blocksText(p.blocks)),
    );
    expect(blocksText(v2.params.blocks)).toMatch(/1 of 2 approvals/);
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && /Superseded/.test(blocksText(p.blocks)),
    );

    // Pressed at once: the new version may still be being posted, which its thread tells apart.
    await sendBlockAction(t.url, SIGNING_SECRET, {
      user: 'U0CAROL',
      channel: SUPPORT,
      message_ts: String(v2.response?.ts),
      thread_ts: String(review.params.ts),
      action: findButton(v2.params.blocks, 'Approve'),
    });
    await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === v2.response?.ts && /Approved/.test(blocksText(p.blocks)) && listButtons(p.blocks).length === 0,
    );
  });

  it('replaces the modal with the reason when the review was decided meanwhile', async () => {
    const review = await runAgent('lead-table');
    const view = await openEdit(review, 'U0BOB');
    await sendBlockAction(t.url, SIGNING_SECRET, {
      user: 'U0CAROL',
      channel: SUPPORT,
      message_ts: String(review.params.ts),
      action: findButton(review.params.blocks, 'Reject'),
    });
    await t.slack.waitForCall('chat.update', (p) => p.ts === review.params.ts && /Rejected/.test(blocksText(p.blocks)));
    const response = await submit(view, 'U0BOB', {});
    const body = JSON.parse(response.body) as { response_action: string; view: { blocks: unknown[] } };
    expect(body.response_action).toBe('update');
    expect(blocksText(body.view.blocks)).toMatch(/already rejected by <@U0CAROL>/);
  });

  it('truncates an oversized artifact in the review (Slack accepts it) and attaches the full version in the thread', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ company: `Company ${i + 1}`, score: String(i % 10) }));
    t.model.toolInput = () => ({ rows });
    const review = await runAgent('lead-table');
    expect(review.response?.ok).toBe(true);
    expect(blocksText(review.params.blocks)).toMatch(/Truncated in Slack/);
    const upload = await t.slack.waitForCall('files.completeUploadExternal', (p) => p.thread_ts === review.params.ts);
    expect(upload.params.channel_id).toBe(SUPPORT);
    const full = t.slack.uploads.map((u) => u.content).join('\n');
    expect(full).toContain('Company 1');
    expect(full).toContain('Company 300');
  });
});
