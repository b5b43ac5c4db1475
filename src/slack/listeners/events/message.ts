import type { App } from '@slack/bolt';
import type { AppServices } from '../../../app-services.js';
import { attachmentRefsOf } from '../../../attachments/slack-file.js';
import { recordReplyCorrection } from '../../../corrections/record-reply.js';
import { toCoworkerError } from '../../../errors.js';
import { continueRun } from '../../../orchestration/start-run.js';
import { recordRunsOnce } from '../../../runs/record-runs-once.js';
import { matchMessageTriggers } from '../../../triggers/match-message-triggers.js';
import { logListenerFailure } from '../../log-listener-failure.js';
import { EventEnvelope, MessageEvent } from '../../payloads.js';

/**
 * New messages in channels the app is in. A person's reply in a thread may be a correction (when
 * the thread is a review thread); a person's top-level message runs the channel's agents whose
 * `triggers.message` matches it, with their reviews in its thread, its attached files recorded
 * with each run. Bot messages, edits, deletions and other subtypes do neither (`file_share`, a
 * message with files, is a person's message), and a message that mentions the app is the
 * app_mention listener's. Slack was answered already; what starts is recorded at once.
 */
export function registerMessage(app: App, services: AppServices): void {
  app.event('message', async ({ event, body, context }) => {
    const message = MessageEvent.safeParse(event);
    if (!message.success) return;
    const m = message.data;
    if ((m.subtype && m.subtype !== 'file_share') || m.bot_id || !m.user) return;
    if (context.botUserId && m.text.includes(`<@${context.botUserId}>`)) return;
    const { thread_ts: threadTs, user } = m;

    if (threadTs && threadTs !== m.ts) {
      // Redeliveries need no event-id dedupe here: a reply is stored once per message ts.
      // Tracked as background work so that shutdown waits for the extraction call in flight.
      services.work.start(async () => {
        await recordReplyCorrection(
          {
            db: services.db,
            slack: services.slack,
            model: services.model,
            smallModel: services.config.smallModel,
            logger: services.logger,
            agents: services.agents,
            knowledge: services.knowledge,
          },
          { channel: m.channel, threadTs, ts: m.ts, user, text: m.text },
        );
      });
      return;
    }

    const registry = services.agents();
    if (registry.all().every((a) => a.spec.triggers.message === undefined)) return;
    const agents = matchMessageTriggers(registry, await services.slack.channelInfo(m.channel), m.text);
    if (agents.length === 0) return;
    const eventId = EventEnvelope.parse(body).event_id;
    const attachments = attachmentRefsOf(m.files);
    const runs = await recordRunsOnce(
      services.db,
      { kind: 'event', eventId },
      agents.map((agent) => ({
        instanceId: services.instanceId,
        agent,
        trigger: {
          kind: 'message' as const,
          userId: user,
          detail: `a message matching /${agent.spec.triggers.message?.match ?? ''}/`,
        },
        input: m.text,
        channelId: m.channel,
        threadTs: m.ts,
        attachments,
      })),
    ).catch(async (err: unknown) => {
      // Slack was answered already: the author is told, or their message would be lost in silence.
      const error = toCoworkerError(err);
      logListenerFailure(services.logger, 'recording the runs of a message', error, err);
      await services.slack.postEphemeral({ channel: m.channel, user, text: error.message, threadTs: m.ts });
      return [];
    });
    for (const run of runs) continueRun(services, run);
  });
}
