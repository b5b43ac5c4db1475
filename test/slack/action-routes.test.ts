import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { registerActionRoutes } from '../../src/slack/action-routes.js';

/** A real Bolt app with no server: requests are handed to `processEvent` as a receiver would. */
function boltApp(): App {
  const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };
  return new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-test', botId: 'B0BOT', botUserId: 'U0BOT', teamId: 'T0TEAM' }),
    convoStore: false,
  });
}

function click(actionId: string) {
  return {
    type: 'block_actions',
    team: { id: 'T0TEAM' },
    user: { id: 'U0ALICE' },
    channel: { id: 'C0SUPPORT01' },
    actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: 'v', action_ts: '1' }],
  };
}

describe('registerActionRoutes', () => {
  it('hands each click to the listener of its action_id, and no other, through one Bolt listener', async () => {
    const app = boltApp();
    const heard: string[] = [];
    registerActionRoutes(app, (routes) => {
      routes.on('review_approve', async ({ ack, action }) => {
        heard.push(`approve ${'value' in action ? action.value : ''}`);
        await ack();
      });
      routes.on('review.reject', async ({ ack }) => {
        heard.push('reject');
        await ack();
      });
    });
    const acks: string[] = [];
    for (const id of ['review_approve', 'review.reject', 'reviewXreject', 'review_approve_more', 'home_next'])
      await app.processEvent({ body: click(id), ack: async () => void acks.push(id) });

    expect(heard).toEqual(['approve v', 'reject']);
    // Ids no listener has are not acked here, as Bolt leaves a request no listener matched.
    expect(acks).toEqual(['review_approve', 'review.reject']);
    expect((app as unknown as { listeners: unknown[] }).listeners).toHaveLength(1);
  });

  it('refuses two listeners for one button', () => {
    expect(() =>
      registerActionRoutes(boltApp(), (routes) => {
        routes.on('run_retry', async () => {});
        routes.on('run_retry', async () => {});
      }),
    ).toThrow('two listeners for the button run_retry');
  });
});
