import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { recordReplyCorrection } from '../../../corrections/record-reply.js';
import { markEventSeen } from '../../../db/slack-events-repository.js';
import { EventEnvelope, MessageEvent } from '../../payloads.js';

/**
 * New messages in channels the app is in. A person's reply in a review thread is a correction;
 * bot messages, edits, deletions and other subtypes are not. Slack was answered already, so the
 * first thing is the event-id dedupe.
 */
export function registerMessage(app: App, services: AppServices): void {
  app.event('message', async ({ event, body }) => {
    const message = MessageEvent.safeParse(event);
    if (!message.success) return;
    const m = message.data;
    if (m.subtype || m.bot_id || !m.user) return;
    const eventId = EventEnvelope.parse(body).event_id;
    if (eventId && !(await markEventSeen(services.db, eventId))) return;
    const { thread_ts: threadTs, user } = m;
    if (threadTs && threadTs !== m.ts) {
      // Tracked as background work so that shutdown waits for the extraction call in flight.
      services.work.start(async () => {
        await recordReplyCorrection(
          { db: services.db, slack: services.slack, model: services.model, smallModel: services.config.smallModel, logger: services.logger },
          { channel: m.channel, threadTs, ts: m.ts, user, text: m.text },
        );
      });
    }
  });
}
