import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelError, modelToolUse } from '../support/fake-anthropic.js';
import { blocksText } from '../support/find-button.js';
import { type HttpToolServer, startHttpToolServer } from '../support/mcp/http-tool-server.js';
import { scrapeMetrics } from '../support/prometheus-scrape.js';
import { appHomeOpenedEvent, sendEvent } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const ARTIFACT = 'submit_artifact';
const DRAFT = { text: 'Hi Ada, your refund is on its way.' };
/** Each model answer's usage, so tokens and cost can be checked to the token. */
const USAGE = {
  input_tokens: 1000,
  output_tokens: 100,
  cache_creation_input_tokens: 200,
  cache_read_input_tokens: 500,
};

let t: TestApp;
let docs: HttpToolServer;

beforeAll(async () => {
  docs = await startHttpToolServer();
  t = await startTestApp({
    agents: {
      // On the default model (claude-sonnet-4-6).
      'support-reply.yaml': 'channels: ["#support"]\ninstructions: Draft a reply.\nartifact:\n  type: message\n',
      'desk-reply.yaml': `
channels: ["#support"]
model: claude-haiku-4-5
instructions: Look the customer up, then draft the reply.
artifact: { type: message }
tools:
  docs:
    url: "\${DOCS_URL}"
`,
    },
    env: { DOCS_URL: docs.url },
  });
});
afterAll(async () => {
  await t?.close();
  await docs?.stop();
});

/** Waits for the review message `review` to show `state` (Approved, Rejected). */
function decided(review: { params: Record<string, unknown> }, state: RegExp) {
  return t.slack.waitForCall('chat.update', (p) => p.ts === review.params.ts && state.test(blocksText(p.blocks)));
}

describe('GET /metrics (HTTP mode)', () => {
  it('counts runs, decisions, failures, latencies, tokens and cost by model, and tool calls, as Prometheus scrapes them', async () => {
    const before = await scrapeMetrics(`${t.url}/metrics`);
    expect(before.value('coworker_runs_started_total')).toBe(0);
    // prom-client's process metrics come along (the event loop lag matters: it delays acks).
    expect(before.typeOf('nodejs_eventloop_lag_seconds')).toBe('GAUGE');

    t.model.enqueue(modelToolUse(ARTIFACT, DRAFT, { usage: USAGE }));
    const approvedReview = await t.runAgent('support-reply', { input: 'Where is my refund?' });
    await t.click(approvedReview, 'Approve', 'U0BOB');
    await decided(approvedReview, /Approved/);

    t.model.enqueue(modelToolUse(ARTIFACT, DRAFT, { usage: USAGE }));
    const rejectedReview = await t.runAgent('support-reply', { input: 'And my other order?' });
    await t.click(rejectedReview, 'Reject', 'U0BOB');
    await decided(rejectedReview, /Rejected/);

    // A run on another model, with one read of the MCP server.
    t.model.enqueue(
      modelToolUse('docs__lookup_customer', { email: 'ada@analytical.example' }, { usage: USAGE }),
      modelToolUse(ARTIFACT, DRAFT, { usage: USAGE }),
    );
    await t.runAgent('desk-reply', { input: 'Where is my order? — Ada' });
    expect(docs.calls).toEqual([{ tool: 'lookup_customer', arguments: { email: 'ada@analytical.example' } }]);

    // A model that refuses the request: the run fails, and the call cost nothing.
    t.model.enqueue(modelError(400, 'invalid_request_error', 'prompt is too long'));
    await t.command('run support-reply a very long question');
    await t.slack.waitForCall('chat.update', (p) => String(p.text ?? '').startsWith('Run failed:'));

    await sendEvent(t.url, SIGNING_SECRET, appHomeOpenedEvent('U0ANYONE'));
    await t.slack.waitForCall('views.publish', (p) => p.user_id === 'U0ANYONE');

    const m = await scrapeMetrics(`${t.url}/metrics`);
    const support = { agent: 'support-reply' };
    const desk = { agent: 'desk-reply' };
    expect(m.value('coworker_runs_started_total', { ...support, trigger: 'command' })).toBe(3);
    expect(m.value('coworker_runs_started_total', { ...desk, trigger: 'command' })).toBe(1);
    expect(m.value('coworker_runs_finished_total', { ...support, outcome: 'succeeded' })).toBe(2);
    expect(m.value('coworker_runs_finished_total', { ...support, outcome: 'failed' })).toBe(1);
    expect(m.value('coworker_runs_finished_total', { ...desk, outcome: 'succeeded' })).toBe(1);
    expect(m.value('coworker_run_failures_total', { ...support, code: 'model_failed' })).toBe(1);
    expect(m.value('coworker_run_failures_total', desk)).toBe(0);

    expect(m.value('coworker_reviews_decided_total', { ...support, decision: 'approved' })).toBe(1);
    expect(m.value('coworker_reviews_decided_total', { ...support, decision: 'rejected' })).toBe(1);
    expect(m.value('coworker_reviews_decided_total', desk)).toBe(0);

    // Trigger to review posted: the two reviewed runs of support-reply, the one of desk-reply.
    expect(m.typeOf('coworker_run_latency_seconds')).toBe('HISTOGRAM');
    expect(m.count('coworker_run_latency_seconds', support)).toBe(2);
    expect(m.count('coworker_run_latency_seconds', desk)).toBe(1);
    expect(m.value('coworker_run_latency_seconds_sum', support)).toBeGreaterThan(0);
    expect(m.value('coworker_run_latency_seconds_bucket', { ...support, le: '+Inf' })).toBe(2);

    // Four commands, two clicks and one event went through Bolt, each acked once.
    expect(m.count('coworker_ack_latency_seconds', { kind: 'command' })).toBe(4);
    expect(m.count('coworker_ack_latency_seconds', { kind: 'action' })).toBe(2);
    expect(m.count('coworker_ack_latency_seconds', { kind: 'event' })).toBe(1);
    // Slack's limit is 3 s; these are local.
    expect(m.value('coworker_ack_latency_seconds_bucket', { kind: 'command', le: '3' })).toBe(4);

    const sonnet = { model: 'claude-sonnet-4-6' };
    const haiku = { model: 'claude-haiku-4-5' };
    expect(m.value('coworker_model_calls_total', { ...sonnet, outcome: 'ok' })).toBe(2);
    expect(m.value('coworker_model_calls_total', { ...sonnet, outcome: 'failed' })).toBe(1);
    expect(m.value('coworker_model_calls_total', { ...haiku, outcome: 'ok' })).toBe(2);
    for (const [kind, perCall] of [
      ['input', 1000],
      ['output', 100],
      ['cache_write', 200],
      ['cache_read', 500],
    ] as const) {
      expect(m.value('coworker_model_tokens_total', { ...sonnet, kind })).toBe(2 * perCall);
      expect(m.value('coworker_model_tokens_total', { ...haiku, kind })).toBe(2 * perCall);
    }
    // Per call: Sonnet 1000 × $3 + 100 × $15 + 200 × $3.75 + 500 × $0.30 per million; Haiku $1, $5, $1.25, $0.10.
    expect(m.value('coworker_model_cost_usd_total', sonnet)).toBeCloseTo(2 * 0.0054, 10);
    expect(m.value('coworker_model_cost_usd_total', haiku)).toBeCloseTo(2 * 0.0018, 10);

    expect(
      m.value('coworker_tool_calls_total', { ...desk, server: 'docs', tool: 'lookup_customer', outcome: 'ok' }),
    ).toBe(1);
    expect(m.value('coworker_tool_calls_total')).toBe(1);
  });

  it('starts from zero after a restart, counting nothing of the earlier life again', async () => {
    await t.restart();
    const m = await scrapeMetrics(`${t.url}/metrics`);
    expect(m.value('coworker_runs_started_total')).toBe(0);
    expect(m.value('coworker_runs_finished_total')).toBe(0);
    expect(m.value('coworker_reviews_decided_total')).toBe(0);
    expect(m.value('coworker_model_tokens_total')).toBe(0);
  });
});
