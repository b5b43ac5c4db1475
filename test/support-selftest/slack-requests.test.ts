import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { findButton } from '../support/find-button.js';
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
import { reviewBlocks } from './sample-workspace.js';

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
