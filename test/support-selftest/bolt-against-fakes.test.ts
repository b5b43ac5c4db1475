import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from '../support/fake-slack.js';
import { findButton } from '../support/find-button.js';
import {
  messageEvent,
  sendBlockAction,
  sendCommand,
  sendEvent,
  sendUrlVerification,
  sendViewSubmission,
} from '../support/slack-requests.js';
import { CHANNELS, reviewBlocks } from './sample-workspace.js';

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
