import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { attachmentRefsOf } from '../../../attachments/slack-file.js';
import { markEventSeen } from '../../../db/slack-events-repository.js';
import { toCoworkerError } from '../../../errors.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { recordRun } from '../../../runs/record-run.js';
import { resolveMention, stripMentions } from '../../../triggers/resolve-mention.js';
import { logListenerFailure } from '../../log-listener-failure.js';
import { AppMentionEvent, EventEnvelope } from '../../payloads.js';

/**
 * `@Coworker …`. Slack was answered before this runs (events are acked at once), so the first
 * thing is the dedupe on event_id, then recording the run. Refusals go to the mentioner only.
 */
export function registerAppMention(app: App, services: AppServices): void {
  app.event('app_mention', async ({ event, body }) => {
    const eventId = EventEnvelope.parse(body).event_id;
    const mention = AppMentionEvent.parse(event);
    if (!mention.user || mention.bot_id) return;
    const channel = await services.slack.channelInfo(mention.channel);
    try {
      if (eventId && !(await markEventSeen(services.db, eventId))) return;
      const { agent, input } = resolveMention(services.agents(), channel, stripMentions(mention.text));
      const run = await recordRun(services.db, {
        instanceId: services.instanceId,
        agent,
        trigger: { kind: 'mention', userId: mention.user, detail: 'a mention' },
        input,
        channelId: mention.channel,
        threadTs: mention.thread_ts ?? null,
        // References only: the files are downloaded when the run executes.
        attachments: attachmentRefsOf(mention.files),
      });
      continueRun(services, run);
    } catch (err) {
      const error = toCoworkerError(err);
      logListenerFailure(services.logger, 'app_mention', error, err);
      await services.slack.postEphemeral({
        channel: mention.channel,
        user: mention.user,
        text: error.message,
        threadTs: mention.thread_ts ?? null,
      });
    }
  });
}
