import { z } from 'zod';

/*
 * The fields of Slack payloads the app uses, and only those. Loose objects: Slack adds fields
 * and sends nulls, neither of which may break a listener.
 */

export const SlashCommandPayload = z.looseObject({
  text: z.string().nullish().transform((t) => t ?? ''),
  user_id: z.string(),
  channel_id: z.string(),
  channel_name: z.string().nullish(),
});
export type SlashCommandPayload = z.output<typeof SlashCommandPayload>;

export const BlockActionPayload = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string(), name: z.string().nullish() }).nullish(),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().nullish() }).nullish(),
  container: z.looseObject({ channel_id: z.string().nullish(), message_ts: z.string().nullish() }).nullish(),
  trigger_id: z.string().nullish(),
  actions: z.array(z.looseObject({ action_id: z.string(), value: z.string().nullish() })).min(1),
});
export type BlockActionPayload = z.output<typeof BlockActionPayload>;

export const ViewSubmissionPayload = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  view: z.looseObject({
    private_metadata: z.string().nullish(),
    state: z.looseObject({ values: z.unknown() }).nullish(),
  }),
});
export type ViewSubmissionPayload = z.output<typeof ViewSubmissionPayload>;

export const AppMentionEvent = z.looseObject({
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  text: z.string().nullish().transform((t) => t ?? ''),
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
});
export type AppMentionEvent = z.output<typeof AppMentionEvent>;

export const MessageEvent = z.looseObject({
  subtype: z.string().nullish(),
  bot_id: z.string().nullish(),
  user: z.string().nullish(),
  text: z.string().nullish().transform((t) => t ?? ''),
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
});
export type MessageEvent = z.output<typeof MessageEvent>;

export const EventEnvelope = z.looseObject({ event_id: z.string().nullish() });

/** The channel a block action happened in (the container when `channel` is absent). */
export function actionChannel(payload: BlockActionPayload): string | undefined {
  return payload.channel?.id ?? payload.container?.channel_id ?? undefined;
}
