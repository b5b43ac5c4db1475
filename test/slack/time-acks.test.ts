import type { App, ReceiverEvent } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ackKindOf, timeAcks } from '../../src/slack/time-acks.js';
import { recordingMetrics } from '../support/recording-metrics.js';

/** Stands for Bolt's App: processEvent runs `listener` with the event, as Bolt runs the matching listener. */
function boltLike(listener: (event: ReceiverEvent) => Promise<void>): App {
  return { processEvent: listener } as unknown as App;
}

describe('timeAcks', () => {
  it('records the time from the hand-over to the first ack, once, by kind, and passes the ack on', async () => {
    const answered: unknown[] = [];
    const app = boltLike(async (event) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await event.ack({ text: 'working' });
      await event.ack();
    });
    const metrics = recordingMetrics();
    timeAcks(app, metrics);
    await app.processEvent({ body: { command: '/coworker', text: 'help' }, ack: async (r) => void answered.push(r) });

    expect(answered).toEqual([{ text: 'working' }, undefined]);
    expect(metrics.events.acked).toHaveLength(1);
    const [ack] = metrics.events.acked;
    expect(ack?.kind).toBe('command');
    expect(ack?.seconds).toBeGreaterThanOrEqual(0.025);
    expect(ack?.seconds).toBeLessThan(2);
  });

  it('records nothing for a request its listener never acks', async () => {
    const app = boltLike(async () => {});
    const metrics = recordingMetrics();
    timeAcks(app, metrics);
    await app.processEvent({ body: { type: 'block_actions' }, ack: async () => {} });
    expect(metrics.events.acked).toEqual([]);
  });

  it('names the kind of each Slack payload', () => {
    expect(ackKindOf({ command: '/coworker' })).toBe('command');
    expect(ackKindOf({ type: 'block_actions' })).toBe('action');
    expect(ackKindOf({ type: 'view_submission' })).toBe('view');
    expect(ackKindOf({ type: 'view_closed' })).toBe('view');
    expect(ackKindOf({ type: 'shortcut' })).toBe('shortcut');
    expect(ackKindOf({ type: 'message_action' })).toBe('shortcut');
    expect(ackKindOf({ type: 'block_suggestion' })).toBe('options');
    expect(ackKindOf({ type: 'event_callback', event: { type: 'app_mention' } })).toBe('event');
    expect(ackKindOf({ type: 'something_new' })).toBe('other');
  });
});
