import type { WebAPIPlatformError, WebAPIRateLimitedError } from '@slack/web-api';
import { ErrorCode, WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../support/fake-slack.js';
import { slackError, slackRateLimited, startFakeSlack } from '../support/fake-slack.js';
import { blocksText, findButton, listButtons, queryButton } from '../support/find-button.js';
import { CHANNELS, reviewBlocks } from './sample-workspace.js';

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

  it('serves a shared file at its url_private to a bearer token, its sign-in page without one, and files.info', async () => {
    const file = slack.shareFile({ name: 'invoice.pdf', content: '%PDF-1.7' });
    expect(file).toMatchObject({ name: 'invoice.pdf', mimetype: 'application/pdf', filetype: 'pdf', size: 8 });
    const withToken = await fetch(String(file.url_private), { headers: { Authorization: 'Bearer xoxb-test' } });
    expect(await withToken.text()).toBe('%PDF-1.7');
    const without = await fetch(String(file.url_private));
    expect(without.headers.get('content-type')).toMatch(/^text\/html/);
    expect(slack.fileDownloads).toEqual([
      { file_id: file.id, authorization: 'Bearer xoxb-test', status: 200 },
      { file_id: file.id, authorization: undefined, status: 200 },
    ]);
    const broken = slack.shareFile({ name: 'x.csv', content: 'a', status: 503 });
    expect((await fetch(String(broken.url_private), { headers: { Authorization: 'Bearer t' } })).status).toBe(503);
    expect((await client.files.info({ file: String(file.id) })).file).toEqual(file);
    slack.reset();
    expect(slack.fileDownloads).toEqual([]);
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
