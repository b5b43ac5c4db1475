import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelDirectory } from '../../src/slack/channel-directory.js';
import { type FakeSlack, slackError, startFakeSlack } from '../support/fake-slack.js';

let slack: FakeSlack;
let client: WebClient;

beforeAll(async () => {
  slack = await startFakeSlack({
    channels: [
      { id: 'C0SUPPORT01', name: 'support' },
      { id: 'C0SALES0001', name: 'Sales' },
      { id: 'C0OPS000001', name: 'ops' },
      { id: 'G0PRIVATE01', name: 'leads', is_private: true },
    ],
  });
  client = new WebClient('xoxb-test', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
});
afterAll(async () => slack?.close());
beforeEach(() => slack.reset({ state: false }));

function directory(now: () => number = Date.now, errors: unknown[] = []) {
  return new ChannelDirectory(client, 60_000, (err) => errors.push(err), now);
}

describe('ChannelDirectory', () => {
  it('resolves names (any case, with or without #) and IDs across every page of conversations.list, cached', async () => {
    const channels = directory();
    expect(await channels.resolve('#sales')).toEqual({ id: 'C0SALES0001', name: 'Sales' });
    expect(await channels.resolve('leads')).toEqual({ id: 'G0PRIVATE01', name: 'leads' });
    expect(await channels.info('C0OPS000001')).toEqual({ id: 'C0OPS000001', name: 'ops' });
    expect(slack.callsTo('conversations.list').length).toBeGreaterThanOrEqual(2); // paginated
    const listed = slack.callsTo('conversations.list').length;
    await channels.resolve('#support');
    expect(slack.callsTo('conversations.list')).toHaveLength(listed);
  });

  it('refreshes on a miss at most once per tenth of the TTL', async () => {
    let now = 1_000_000;
    const channels = directory(() => now);
    expect(await channels.resolve('#nowhere')).toBeUndefined();
    const afterFirst = slack.callsTo('conversations.list').length;
    expect(await channels.resolve('#nowhere')).toBeUndefined();
    expect(slack.callsTo('conversations.list')).toHaveLength(afterFirst);
    now += 6_001;
    await channels.resolve('#nowhere');
    expect(slack.callsTo('conversations.list').length).toBeGreaterThan(afterFirst);
  });

  it('never throws when Slack refuses to list: it reports the error and answers from what it knew', async () => {
    const errors: unknown[] = [];
    const stop = slack.on('conversations.list', () => slackError('missing_scope'));
    try {
      const channels = directory(Date.now, errors);
      expect(await channels.resolve('#support')).toBeUndefined();
      expect(await channels.info('C0SUPPORT01')).toEqual({ id: 'C0SUPPORT01', name: 'support' }); // conversations.info still works
      expect(errors).toHaveLength(1);
    } finally {
      stop();
    }
  });
});
