import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import type { KnownBlock } from '@slack/types';
import type { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from '../support/fake-anthropic.js';
import {
  forcedToolName,
  modelDelay,
  modelError,
  modelHang,
  modelText,
  promptText,
  startFakeAnthropic,
} from '../support/fake-anthropic.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { slackError, slackRateLimited, startFakeSlack } from '../support/fake-slack.js';
import { blocksText, findButton, listButtons, queryButton } from '../support/find-button.js';
import {
  messageEvent,
  sendBlockAction,
  sendCommand,
  sendEvent,
  sendUrlVerification,
  sendViewSubmission,
  signSlackRequest,
  viewStateFromView,
} from '../support/slack-requests.js';

const CHANNELS = [
  { id: 'C0SUPPORT01', name: 'support' },
  { id: 'C0SALES0001', name: 'sales' },
  { id: 'C0OPS000001', name: 'ops' },
  { id: 'C0FIN000001', name: 'finance' },
  { id: 'C0MKT000001', name: 'marketing' },
];

function reviewBlocks(): KnownBlock[] {
  return [
    { type: 'section', block_id: 'body', text: { type: 'mrkdwn', text: '*Draft reply*' } },
    {
      type: 'actions',
      block_id: 'review',
      elements: [
        {
          type: 'button',
          action_id: 'approve',
          value: 'a1:v1',
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
        },
        { type: 'button', action_id: 'edit', value: 'a1:v1', text: { type: 'plain_text', text: 'Edit' } },
        {
          type: 'button',
          action_id: 'reject',
          value: 'a1:v1',
          style: 'danger',
          text: { type: 'plain_text', text: ':x: Reject' },
        },
      ],
    },
  ];
}

describe('fake Slack with a real WebClient', () => {
  let slack: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    slack = await startFakeSlack({
      channels: CHANNELS,
      usergroups: [{ id: 'S1', handle: 'sales-leads', users: ['U1', 'U2'] }],
      users: [{ id: 'U1', name: 'alice', real_name: 'Alice A' }],
    });
    client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await slack.close();
  });
  beforeEach(() => {
    slack.reset();
  });

  it('serves auth.test and records the Authorization header', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
    expect(slack.callsTo('auth.test')[0]?.authorization).toBe('Bearer xoxb-test');
    expect(slack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('records postMessage with parsed blocks, stores it, and returns increasing ts', async () => {
    const first = await client.chat.postMessage({ channel: 'C0SUPPORT01', text: 'Draft', blocks: reviewBlocks() });
    const second = await client.chat.postMessage({ channel: '#support', text: 'reply', thread_ts: first.ts });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(second.channel).toBe('C0SUPPORT01');

    const call = await slack.waitForCall('chat.postMessage', (p) => p.text === 'Draft');
    expect(Array.isArray(call.params.blocks)).toBe(true);
    expect(call.response?.ts).toBe(first.ts);
    const approve = findButton(call.params.blocks, 'Approve');
    expect(approve).toMatchObject({ action_id: 'approve', value: 'a1:v1', block_id: 'review' });
    expect(findButton(call.params, 'reject').action_id).toBe('reject');
    expect(queryButton(call.params.blocks, 'Retry')).toBeUndefined();
    expect(() => findButton(call.params.blocks, 'Retry')).toThrow(/"Approve" \(approve\)/);
    expect(listButtons(call.params.blocks)).toHaveLength(3);
    expect(blocksText(call.params.blocks)).toContain('*Draft reply*');

    await client.chat.update({ channel: 'C0SUPPORT01', ts: first.ts ?? '', text: 'Approved', blocks: [] });
    const history = await client.conversations.history({ channel: 'C0SUPPORT01' });
    expect(history.messages?.map((m) => m.text)).toEqual(['Approved']);
    const replies = await client.conversations.replies({ channel: 'C0SUPPORT01', ts: first.ts ?? '' });
    expect(replies.messages?.map((m) => m.text)).toEqual(['Approved', 'reply']);
    expect(slack.message('C0SUPPORT01', first.ts ?? '')?.reply_count).toBe(1);

    const missing = await client.chat
      .update({ channel: 'C0SUPPORT01', ts: '1.000000', text: 'x' })
      .catch((e: unknown) => e);
    expect((missing as WebAPIPlatformError).data.error).toBe('message_not_found');
  });

  it('rejects blocks that break Block Kit limits like Slack', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => ({
      type: 'section',
      text: { type: 'mrkdwn', text: `row ${i}` },
    }));
    const error = await client.chat.postMessage({ channel: 'C0SUPPORT01', text: 'x', blocks }).catch((e: unknown) => e);
    expect((error as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
    expect((error as WebAPIPlatformError).data.error).toBe('invalid_blocks');
    const tables = [
      { type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] },
      { type: 'table', rows: [[{ type: 'raw_text', text: 'b' }]] },
    ];
    const second = await client.chat
      .postMessage({ channel: 'C0SUPPORT01', text: 'x', blocks: tables })
      .catch((e: unknown) => e);
    expect((second as WebAPIPlatformError).data.error).toBe('invalid_attachments');
  });

  it('paginates conversations.list through client.paginate', async () => {
    const names: string[] = [];
    for await (const page of client.paginate('conversations.list', { types: 'public_channel', limit: 200 })) {
      const channels = (page as { channels?: Array<{ name?: string }> }).channels ?? [];
      names.push(...channels.map((c) => c.name ?? ''));
    }
    expect(names).toEqual(CHANNELS.map((c) => c.name));
    expect(slack.callsTo('conversations.list')).toHaveLength(3);
  });

  it('serves users and user groups', async () => {
    const user = await client.users.info({ user: 'U1' });
    expect(user.user?.name).toBe('alice');
    const other = await client.users.info({ user: 'U9' });
    expect(other.user?.name).toBe('u9');
    const groups = await client.usergroups.list({ include_users: true });
    expect(groups.usergroups?.[0]).toMatchObject({ id: 'S1', handle: 'sales-leads', users: ['U1', 'U2'] });
    const plain = await client.usergroups.list();
    expect(plain.usergroups?.[0]?.users).toBeUndefined();
    const members = await client.usergroups.users.list({ usergroup: 'S1' });
    expect(members.users).toEqual(['U1', 'U2']);
  });

  it('records files.uploadV2 content', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0SALES0001', text: 'table' });
    await client.files.uploadV2({
      channel_id: 'C0SALES0001',
      thread_ts: posted.ts ?? '',
      filename: 'leads.csv',
      title: 'Leads',
      content: 'company,score\nAcme,9\n',
    });
    expect(slack.uploads).toHaveLength(1);
    expect(slack.uploads[0]).toMatchObject({
      filename: 'leads.csv',
      title: 'Leads',
      text: 'company,score\nAcme,9\n',
      channel_id: 'C0SALES0001',
      thread_ts: posted.ts,
    });
    expect(slack.callsTo('files.completeUploadExternal')[0]?.params.files).toEqual([
      expect.objectContaining({ id: slack.uploads[0]?.file_id, title: 'Leads' }),
    ]);
  });

  it('surfaces a 429 override as a rate-limit error with rejectRateLimitedCalls', async () => {
    const strict = new WebClient('xoxb-test', { slackApiUrl: slack.url, rejectRateLimitedCalls: true });
    slack.on('chat.update', () => slackRateLimited(7));
    const error = await strict.chat.update({ channel: 'C1', ts: '1.1', text: 'x' }).catch((e: unknown) => e);
    expect((error as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((error as WebAPIRateLimitedError).retryAfter).toBe(7);
  });

  it('lets an override fall through and count calls', async () => {
    slack.on('chat.postMessage', (_params, { nth }) => (nth === 0 ? slackError('channel_not_found') : undefined));
    const first = await client.chat.postMessage({ channel: 'C0OPS000001', text: 'a' }).catch((e: unknown) => e);
    expect((first as WebAPIPlatformError).data.error).toBe('channel_not_found');
    const second = await client.chat.postMessage({ channel: 'C0OPS000001', text: 'b' });
    expect(second.ok).toBe(true);
  });

  it('times out waitForCall listing the calls seen', async () => {
    await client.chat.postEphemeral({ channel: 'C0OPS000001', user: 'U1', text: 'only you' });
    await expect(slack.waitForCall('views.open', undefined, 50)).rejects.toThrow(/chat\.postEphemeral/);
  });

  it('accepts JSON bodies, views and response_url posts', async () => {
    const res = await fetch(`${slack.url}views.open`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-json' },
      body: JSON.stringify({
        trigger_id: 't1',
        view: { type: 'modal', title: { type: 'plain_text', text: 'Edit' }, blocks: [] },
      }),
    });
    const json = (await res.json()) as { ok: boolean; view: { id: string } };
    expect(json.ok).toBe(true);
    expect(slack.view(json.view.id)).toBeDefined();
    expect(slack.callsTo('views.open')[0]?.params.view).toMatchObject({ type: 'modal' });

    const url = slack.responseUrl('cmd-1');
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi', response_type: 'ephemeral' }),
    });
    const post = await slack.waitForResponse((r) => r.id === 'cmd-1');
    expect(post.body).toEqual({ text: 'hi', response_type: 'ephemeral' });
  });
});

describe('fake Anthropic with the real SDK', () => {
  let model: FakeAnthropic;
  let anthropic: Anthropic;

  beforeAll(async () => {
    model = await startFakeAnthropic();
    anthropic = new Anthropic({ apiKey: 'test', baseURL: model.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await model.close();
  });
  beforeEach(() => {
    model.reset();
  });

  const ask = (): Promise<Anthropic.Message> =>
    anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'You draft replies.',
      messages: [{ role: 'user', content: 'Customer asks about refunds' }],
      tools: [
        {
          name: 'record',
          description: 'Record it',
          input_schema: { type: 'object', properties: { text: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'tool', name: 'record' },
    });

  it('answers a forced tool with toolInput', async () => {
    model.toolInput = (request, tool) => ({ text: `${tool.name}: ${request.body.model ?? ''}` });
    const message = await ask();
    expect(message.stop_reason).toBe('tool_use');
    const block = message.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type === 'tool_use') {
      expect(block.name).toBe('record');
      expect(block.input).toEqual({ text: 'record: claude-haiku-4-5' });
    }
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const [request] = await model.waitForRequests(1);
    expect(request?.apiKey).toBe('test');
    expect(request?.headers['anthropic-version']).toBeDefined();
    expect(request && forcedToolName(request)).toBe('record');
    expect(request && promptText(request)).toContain('Customer asks about refunds');
    expect(model.errors).toEqual([]);
  });

  it('explains a missing toolInput', async () => {
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toMatch(/toolInput/);
    expect(model.errors).toHaveLength(1);
  });

  it('surfaces a 500 as an APIError', async () => {
    model.enqueue(modelError(500));
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(500);
  });

  it('retries through a queued 529 then answers with text', async () => {
    const retrying = new Anthropic({ apiKey: 'test', baseURL: model.url, maxRetries: 1 });
    model.enqueue(modelError(529), modelText('Hello there'));
    const message = await retrying.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello there' });
    expect(model.requests).toHaveLength(2);
  });

  it('answers structured outputs (output_config json_schema) from toolInput', async () => {
    const { zodOutputFormat } = await import('@anthropic-ai/sdk/helpers/zod');
    const { z } = await import('zod');
    model.toolInput = (_request, tool) => (tool.via === 'output_config' ? { label: 'refund', confidence: 0.9 } : {});
    const parsed = await anthropic.messages.parse({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'classify' }],
      output_config: { format: zodOutputFormat(z.object({ label: z.string(), confidence: z.number() })) },
    });
    expect(parsed.parsed_output).toEqual({ label: 'refund', confidence: 0.9 });
  });

  it('streams a reply', async () => {
    model.textReply = () => 'streamed text';
    const stream = anthropic.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'streamed text' });
  });

  it('delays and hangs for timeout tests', async () => {
    model.toolInput = () => ({ text: 'late' });
    model.enqueue(modelDelay(50));
    const started = Date.now();
    const late = await ask();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(late.stop_reason).toBe('tool_use');

    model.enqueue(modelHang());
    const quick = new Anthropic({ apiKey: 'test', baseURL: model.url, maxRetries: 0, timeout: 100 });
    const error = await quick.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    await expect.poll(() => model.requests.at(-1)?.aborted).toBe(true);
  });
});

describe('signed Slack requests', () => {
  it('sends commands, actions, views and events signed like Slack', async () => {
    const secret = 'shh';
    const seen: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ headers: req.headers, body });
        const ts = Number(req.headers['x-slack-request-timestamp']);
        const expected = signSlackRequest(secret, body, ts)['x-slack-signature'];
        const valid = req.headers['x-slack-signature'] === expected;
        res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ valid }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const command = await sendCommand(appUrl, secret, { text: 'help', user_id: 'U1', channel_id: 'C0SUPPORT01' });
      expect(command.status).toBe(200);
      expect(command.json).toEqual({ valid: true });
      const form = new URLSearchParams(seen[0]?.body ?? '');
      expect(form.get('command')).toBe('/coworker');
      expect(form.get('text')).toBe('help');

      const blocks = reviewBlocks();
      const action = await sendBlockAction(appUrl, secret, {
        user: 'U2',
        channel: 'C0SUPPORT01',
        message_ts: '1700000000.000100',
        action: findButton(blocks, 'Approve'),
      });
      expect(action.status).toBe(200);
      const payload = JSON.parse(new URLSearchParams(seen[1]?.body ?? '').get('payload') ?? '{}') as {
        type: string;
        actions: Array<{ action_id: string; value: string; block_id: string }>;
      };
      expect(payload.type).toBe('block_actions');
      expect(payload.actions[0]).toMatchObject({ action_id: 'approve', value: 'a1:v1', block_id: 'review' });

      const view = {
        type: 'modal',
        callback_id: 'edit',
        blocks: [
          {
            type: 'input',
            block_id: 'text',
            label: { type: 'plain_text', text: 'Message' },
            element: { type: 'plain_text_input', action_id: 'value', initial_value: 'old' },
          },
          {
            type: 'input',
            block_id: 'note',
            optional: true,
            label: { type: 'plain_text', text: 'Note' },
            element: { type: 'plain_text_input', action_id: 'value' },
          },
        ],
      };
      const state = viewStateFromView(view, { Message: 'new' });
      expect(state.values).toEqual({
        text: { value: { type: 'plain_text_input', value: 'new' } },
        note: { value: { type: 'plain_text_input', value: null } },
      });
      expect(() => viewStateFromView(view, { Nope: 'x' })).toThrow(/Nope/);
      const submit = await sendViewSubmission(appUrl, secret, {
        user: 'U1',
        view: { callback_id: 'edit', private_metadata: '{"a":1}', state },
      });
      expect(submit.status).toBe(200);

      const event = await sendEvent(appUrl, secret, messageEvent({ channel: 'C0SUPPORT01', text: 'new lead' }), {
        retryNum: 1,
      });
      expect(event.status).toBe(200);
      expect(event.eventId).toMatch(/^Ev/);
      expect(seen[3]?.headers['x-slack-retry-num']).toBe('1');
      expect(seen[3]?.headers['x-slack-retry-reason']).toBe('http_timeout');
      expect(JSON.parse(seen[3]?.body ?? '{}')).toMatchObject({
        type: 'event_callback',
        event_id: event.eventId,
        event: { type: 'message', text: 'new lead' },
      });

      const verification = await sendUrlVerification(appUrl, secret, 'abc');
      expect(verification.status).toBe(200);
      const bad = await sendCommand(
        appUrl,
        secret,
        { text: 'x', user_id: 'U1', channel_id: 'C1' },
        { signWith: 'wrong' },
      );
      expect(bad.status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('a real Bolt app against the fakes', () => {
  it('verifies, parses and answers commands, actions, views and events', async () => {
    const { App, LogLevel } = await import('@slack/bolt');
    const slack = await startFakeSlack({ channels: CHANNELS });
    const secret = 'bolt-secret';
    const app = new App({
      token: 'xoxb-bolt',
      signingSecret: secret,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.url, retryConfig: { retries: 0 } },
    });
    const seenEvents: string[] = [];
    app.command('/coworker', async ({ ack, respond, command, client }) => {
      await ack();
      await respond({ text: `got ${command.text}`, response_type: 'ephemeral' });
      await client.chat.postMessage({ channel: command.channel_id, text: 'Review', blocks: reviewBlocks() });
    });
    app.action('approve', async ({ ack, body, client }) => {
      await ack();
      if (body.type !== 'block_actions' || !body.channel || !body.message) return;
      await client.chat.update({
        channel: body.channel.id,
        ts: body.message.ts,
        text: `Approved by ${body.user.id}`,
        blocks: [],
      });
    });
    app.view('edit', async ({ ack, view }) => {
      await ack({ response_action: 'errors', errors: { text: `got ${String(view.state.values.text?.value?.value)}` } });
    });
    app.message(async ({ message }) => {
      if ('text' in message && typeof message.text === 'string') seenEvents.push(message.text);
    });
    const server = await app.start(0);
    const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await slack.waitForCall('auth.test');
      const command = await sendCommand(appUrl, secret, {
        text: 'run triage',
        user_id: 'U1',
        channel_id: 'C0SUPPORT01',
        response_url: slack.responseUrl('c1'),
      });
      expect(command.status).toBe(200);
      expect((await slack.waitForResponse((r) => r.id === 'c1')).body.text).toBe('got run triage');
      const review = await slack.waitForCall('chat.postMessage', (p) => p.text === 'Review');
      const ts = String(review.response?.ts);

      const click = await sendBlockAction(appUrl, secret, {
        user: 'U2',
        channel: 'C0SUPPORT01',
        message_ts: ts,
        action: findButton(review.params.blocks, 'Approve'),
        message: slack.message('C0SUPPORT01', ts),
      });
      expect(click.status).toBe(200);
      await slack.waitForCall('chat.update', (p) => p.ts === ts);
      expect(slack.message('C0SUPPORT01', ts)?.text).toBe('Approved by U2');

      const submit = await sendViewSubmission(appUrl, secret, {
        user: 'U1',
        view: {
          callback_id: 'edit',
          state: { values: { text: { value: { type: 'plain_text_input', value: 'new' } } } },
        },
      });
      expect(submit.json).toEqual({ response_action: 'errors', errors: { text: 'got new' } });

      const event = await sendEvent(appUrl, secret, messageEvent({ channel: 'C0SUPPORT01', text: 'new lead here' }));
      expect(event.status).toBe(200);
      await expect.poll(() => seenEvents).toEqual(['new lead here']);

      const challenge = await sendUrlVerification(appUrl, secret, 'xyz');
      expect(challenge.json).toEqual({ challenge: 'xyz' });
      const stale = await sendCommand(
        appUrl,
        secret,
        { text: 'x', user_id: 'U1', channel_id: 'C1' },
        { timestamp: Math.floor(Date.now() / 1000) - 600 },
      );
      expect(stale.status).toBe(401);
    } finally {
      await app.stop();
      await slack.close();
    }
  });
});
