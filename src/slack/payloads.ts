import { z } from 'zod';
import type { ClickOrigin } from '../access/check-click-origin.js';

/*
 * The fields of Slack payloads the app uses, and only those. Loose objects: Slack adds fields
 * and sends nulls, neither of which may break a listener.
 */

export const SlashCommandPayload = z.looseObject({
  text: z
    .string()
    .nullish()
    .transform((t) => t ?? ''),
  user_id: z.string(),
  channel_id: z.string(),
  channel_name: z.string().nullish(),
  /** Unique per invocation: what a redelivered command is recognised by. */
  trigger_id: z.string().min(1),
});
export type SlashCommandPayload = z.output<typeof SlashCommandPayload>;

export const BlockActionPayload = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  channel: z.looseObject({ id: z.string(), name: z.string().nullish() }).nullish(),
  message: z.looseObject({ ts: z.string(), thread_ts: z.string().nullish() }).nullish(),
  container: z
    .looseObject({
      channel_id: z.string().nullish(),
      message_ts: z.string().nullish(),
      thread_ts: z.string().nullish(),
      is_ephemeral: z.boolean().nullish(),
    })
    .nullish(),
  trigger_id: z.string().nullish(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        value: z.string().nullish(),
        /** A select menu's choice (App Home's channel filter). */
        selected_option: z.looseObject({ value: z.string() }).nullish(),
      }),
    )
    .min(1),
});
export type BlockActionPayload = z.output<typeof BlockActionPayload>;

export const ViewSubmissionPayload = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  view: z.looseObject({
    id: z.string(),
    private_metadata: z.string().nullish(),
    state: z.looseObject({ values: z.unknown() }).nullish(),
  }),
});
export type ViewSubmissionPayload = z.output<typeof ViewSubmissionPayload>;

export const AppMentionEvent = z.looseObject({
  user: z.string().nullish(),
  bot_id: z.string().nullish(),
  text: z
    .string()
    .nullish()
    .transform((t) => t ?? ''),
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
  /** Attached files; each entry is read by `attachmentRefsOf`, which skips what is not a file. */
  files: z.array(z.unknown()).nullish(),
});
export type AppMentionEvent = z.output<typeof AppMentionEvent>;

export const MessageEvent = z.looseObject({
  subtype: z.string().nullish(),
  bot_id: z.string().nullish(),
  user: z.string().nullish(),
  text: z
    .string()
    .nullish()
    .transform((t) => t ?? ''),
  channel: z.string(),
  ts: z.string(),
  thread_ts: z.string().nullish(),
  files: z.array(z.unknown()).nullish(),
});
export type MessageEvent = z.output<typeof MessageEvent>;

export const EventEnvelope = z.looseObject({ event_id: z.string().nullish() });

/** The channel a block action happened in (the container when `channel` is absent). */
export function actionChannel(payload: BlockActionPayload): string | undefined {
  return payload.channel?.id ?? payload.container?.channel_id ?? undefined;
}

/**
 * The message a button was pressed on: its channel and ts, from the payload's `channel` /
 * `message` and its `container`, which must agree. undefined when they are missing or disagree.
 */
export function clickOrigin(payload: BlockActionPayload): ClickOrigin | undefined {
  const channel = onlyValue(payload.channel?.id, payload.container?.channel_id);
  const messageTs = onlyValue(payload.message?.ts, payload.container?.message_ts);
  if (channel === undefined || messageTs === undefined) return undefined;
  const threadTs = payload.message?.thread_ts ?? payload.container?.thread_ts ?? undefined;
  return { channelId: channel, messageTs, threadTs, ephemeral: payload.container?.is_ephemeral === true };
}

/** The one value the given fields hold, or undefined when none holds one or two differ. */
function onlyValue(...values: Array<string | null | undefined>): string | undefined {
  const present = new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''));
  return present.size === 1 ? [...present][0] : undefined;
}
