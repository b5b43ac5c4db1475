import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factFile } from '../support/fact-file.js';
import {
  type FakeModelReply,
  messagesText,
  modelToolUse,
  type RecordedModelRequest,
} from '../support/fake-anthropic.js';
import { blocksText } from '../support/find-button.js';
import { type HttpToolServer, startHttpToolServer } from '../support/mcp/http-tool-server.js';
import { CUSTOMER_MARKER } from '../support/mcp/test-tool-server.js';
import { cliEnv, runCli } from '../support/run-cli.js';
import { messageEvent, sendEvent } from '../support/slack-requests.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

// A run made by the real app, with channel history, attached files, a team fact and a real MCP
// server's answer, approved in Slack; then the app and the tool server are stopped and
// `coworker eval` replays the run from what it recorded: the same context, the recorded tool
// result, and no tool server called.
const SUPPORT = 'C0SUPPORT01';
const ARTIFACT = 'submit_artifact';
const DRAFT = { text: 'Hi Ada, order A-1041 shipped with DHL (JD0142). — The Support Team' };
const HISTORY = 'Bob: Ada phoned yesterday about her order, she sounded worried';
const CSV = 'order,carrier\nA-1041,DHL\n';
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const POLICY = 'We answer shipping questions with the carrier and the tracking number.';

const SPEC = `
channels: ["#support"]
instructions: Look the customer up, then draft the reply.
triggers:
  message: { match: "order", flags: "i" }
context: { history: 5, knowledge: [shipping-policy] }
artifact: { type: message }
tools:
  docs:
    url: "\${DOCS_URL}"
limits: { tool_calls: 3 }
`;

let t: TestApp;
let docs: HttpToolServer;

beforeAll(async () => {
  docs = await startHttpToolServer();
  t = await startTestApp({
    agents: { 'desk-reply.yaml': SPEC },
    facts: { 'shipping-policy.md': factFile('Shipping policy', 'U0OWNER', undefined, POLICY) },
    env: { DOCS_URL: docs.url },
  });
});
afterAll(async () => {
  await t?.close();
  await docs?.stop();
});

/** Looks up Ada first (and, in a replay, someone the run never looked up), then drafts. */
function lookingUp(extraLookup: boolean) {
  return (request: RecordedModelRequest): FakeModelReply => {
    const results = (request.body.messages ?? []).filter(
      (m) => Array.isArray(m.content) && m.content.some((b) => b.type === 'tool_result'),
    ).length;
    if (results === 0) return modelToolUse('docs__lookup_customer', { email: 'ada@analytical.example' });
    if (results === 1 && extraLookup) return modelToolUse('docs__lookup_customer', { email: 'eve@elsewhere.example' });
    return modelToolUse(ARTIFACT, DRAFT);
  };
}

/** The first user turn's blocks, without the PDF (a replay keeps only its name and hash). */
function withoutPdf(request: RecordedModelRequest | undefined): unknown[] {
  const content = request?.body.messages?.[0]?.content;
  if (!Array.isArray(content)) return [];
  return content.filter((b) => b.type !== 'document' && !String(b.text ?? '').includes('name="invoice.pdf"'));
}

describe('coworker eval replays a run from what it recorded', () => {
  it('with its history, files, fact and tool results, calling no tool server', async () => {
    t.slack.addMessage('#support', { user: 'U0BOB', text: HISTORY });
    const csv = t.slack.shareFile({ name: 'order.csv', content: CSV });
    const pdf = t.slack.shareFile({ name: 'invoice.pdf', content: PDF });
    t.model.respondWith(lookingUp(false));
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      messageEvent({ channel: SUPPORT, user: 'U0ADA', text: 'Where is my order? — Ada', files: [csv, pdf] }),
    );
    const review = await t.slack.waitForCall(
      'chat.update',
      (p) => p.channel === SUPPORT && JSON.stringify(p.blocks ?? []).includes('review_approve'),
    );
    expect(docs.calls).toEqual([{ tool: 'lookup_customer', arguments: { email: 'ada@analytical.example' } }]);
    const original = t.model.requests.map((r) => structuredClone(r));
    expect(original).toHaveLength(2);
    expect(messagesText(original[0] as RecordedModelRequest)).toContain(HISTORY);

    await t.click(review, 'Approve', 'U0ALICE');
    await t.slack.waitForCall('chat.update', (p) => p.ts === review.params.ts && /Approved/.test(blocksText(p.blocks)));
    // Nothing of the run is live any more: no app, no tool server.
    await t.app.stop();
    await docs.stop();
    const callsBefore = docs.calls.length;
    const connectionsBefore = docs.authorizations.length;
    t.model.reset();
    t.model.respondWith(lookingUp(true));

    const result = await runCli(
      ['eval', 'desk-reply', '--model', 'claude-haiku-4-5', '--judge', 'none'],
      cliEnv(t.agentsDir, t.model, t.database, { DOCS_URL: docs.url }),
    );
    expect(result.stderr).toContain('eval: model 1/1 (claude-haiku-4-5), case 1/1');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^claude-haiku-4-5 +100% +1\/1 +— +/m);
    expect(result.stdout).toContain('replayed without the content of invoice.pdf');
    expect(result.stdout).toMatch(
      /asked for 1 tool call its run did not make \(docs\.lookup_customer\): told "not recorded"/,
    );

    const replay = t.model.requests;
    expect(replay).toHaveLength(3);
    const [first, second, third] = replay as [RecordedModelRequest, RecordedModelRequest, RecordedModelRequest];
    expect(first.body.model).toBe('claude-haiku-4-5');
    // The request as the run made it: the same system prompt (its fact as recorded), the same
    // tools (as the server described them then), the same history, input and CSV...
    const [run] = original as [RecordedModelRequest];
    expect(first.body.system).toEqual(run.body.system);
    expect(JSON.stringify(first.body.system)).toContain(POLICY);
    expect(first.body.tools).toEqual(run.body.tools);
    expect(withoutPdf(first)).toEqual(withoutPdf(run));
    expect(messagesText(first)).toContain(HISTORY);
    expect(messagesText(first)).toContain('A-1041,DHL');
    // ...and the PDF named by its hash, not shown.
    const sha256 = createHash('sha256').update(PDF).digest('hex');
    expect(messagesText(first)).toContain(`<attachment name="invoice.pdf" type="pdf" sha256="${sha256}"`);
    expect(JSON.stringify(first.body.messages)).not.toContain(PDF.toString('base64'));
    // The recorded result, exactly as the run's model was given it.
    const resultOf = (request: RecordedModelRequest) => {
      const last = request.body.messages?.at(-1)?.content;
      return Array.isArray(last) ? last.find((b) => b.type === 'tool_result') : undefined;
    };
    const recorded = resultOf(second);
    expect(recorded?.content).toBe(resultOf(original[1] as RecordedModelRequest)?.content);
    expect(String(recorded?.content)).toContain(
      `<tool_result tool="docs.lookup_customer">\nada@analytical.example: ${CUSTOMER_MARKER}\n</tool_result>`,
    );
    // A call the run never made is not made now either.
    expect(resultOf(third)).toMatchObject({ is_error: true });
    expect(String(resultOf(third)?.content)).toMatch(/Not recorded: the run being replayed did not make this call/);
    expect(docs.calls.length).toBe(callsBefore);
    expect(docs.authorizations.length).toBe(connectionsBefore);
  });
});
