import { performance } from 'node:perf_hooks';
import type { App, ReceiverEvent } from '@slack/bolt';
import type { AckKind, Metrics } from '../metrics/metrics.js';

/**
 * Records how long each Slack request waited for its ack, in HTTP and Socket Mode alike: both
 * receivers hand every request to `app.processEvent` with the `ack` that answers Slack, so that
 * one entry point is wrapped, from the request's hand-over to its first ack (Bolt acks events
 * itself, once authorised; commands, clicks and submissions are acked by their listener, which
 * stays unaware of this). A request never acked records nothing: Slack's own timeout shows it.
 */
export function timeAcks(app: App, metrics: Metrics): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event: ReceiverEvent) => {
    const arrived = performance.now();
    const kind = ackKindOf(event.body);
    let timed = false;
    return processEvent({
      ...event,
      ack: async (response) => {
        try {
          await event.ack(response);
        } finally {
          if (!timed) {
            timed = true;
            metrics.acked({ kind, seconds: (performance.now() - arrived) / 1000 });
          }
        }
      },
    });
  };
}

/** What kind of request a Slack payload is, as the ack latency is labelled. Pure. */
export function ackKindOf(body: Record<string, unknown>): AckKind {
  if (typeof body.command === 'string') return 'command';
  switch (body.type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'block_suggestion':
    case 'dialog_suggestion':
      return 'options';
    case 'event_callback':
      return 'event';
    default:
      return 'other';
  }
}
