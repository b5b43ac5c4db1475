import { randomUUID } from 'node:crypto';
import type { SendOptions, SlackHttpResponse } from './signed-request.js';
import { SLACK_DEFAULTS, sendSignedRequest, slackTs } from './signed-request.js';

/** The answer to {@link sendEvent}, with the event id that was sent. */
export interface SlackEventResponse extends SlackHttpResponse {
  /** `event_id` of the delivery. */
  eventId: string;
}

/** Options for {@link sendEvent}. */
export interface EventOptions extends SendOptions {
  /** Default a fresh `Ev…` id. Reuse one to simulate a redelivery. */
  event_id?: string;
  /** Sets `x-slack-retry-num` (and `x-slack-retry-reason`). */
  retryNum?: number;
  /** Default `http_timeout` when retryNum is set. */
  retryReason?: string;
  /** Default `T1`. */
  team_id?: string;
}

let eventCounter = 0;

/** Sends an Events API `event_callback` (JSON) as Slack does. */
export async function sendEvent(
  appUrl: string,
  secret: string,
  event: Record<string, unknown>,
  options: EventOptions = {},
): Promise<SlackEventResponse> {
  const payload = eventCallbackPayload(event, options);
  const headers: Record<string, string> = { ...options.headers };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const response = await sendSignedRequest(appUrl, secret, JSON.stringify(payload), 'application/json', {
    ...options,
    headers,
  });
  return { ...response, eventId: String(payload.event_id) };
}

/** An `event_callback` body as Slack sends it (POSTed over HTTP, in an envelope in Socket Mode); reuse `event_id` to mimic a redelivery. */
export function eventCallbackPayload(
  event: Record<string, unknown>,
  options: { event_id?: string; team_id?: string } = {},
): Record<string, unknown> {
  eventCounter += 1;
  const teamId = options.team_id ?? SLACK_DEFAULTS.teamId;
  const eventId =
    options.event_id ?? `Ev${Date.now().toString(36).toUpperCase()}${String(eventCounter).padStart(4, '0')}`;
  const eventTs =
    typeof event.event_ts === 'string' ? event.event_ts : typeof event.ts === 'string' ? event.ts : slackTs();
  return {
    token: SLACK_DEFAULTS.token,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: SLACK_DEFAULTS.apiAppId,
    event: { event_ts: eventTs, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: SLACK_DEFAULTS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64')}`,
  };
}

/** Sends the `url_verification` handshake; a correct app answers with the challenge. */
export function sendUrlVerification(
  appUrl: string,
  secret: string,
  challenge = 'challenge-token',
  options?: SendOptions,
): Promise<SlackHttpResponse> {
  const body = JSON.stringify({ token: SLACK_DEFAULTS.token, challenge, type: 'url_verification' });
  return sendSignedRequest(appUrl, secret, body, 'application/json', options);
}

/** Fields of a user message event. */
export interface MessageEventInput {
  /** Channel id. */
  channel: string;
  /** Author; default `U1`. */
  user?: string;
  /** Message text. */
  text: string;
  /** Default a fresh ts (use `fake.addMessage(...)`'s ts to keep the fake's history consistent). */
  ts?: string;
  /** Parent ts for a thread reply (`parent_user_id` defaults to the bot). */
  thread_ts?: string;
  /** Parent author for thread replies. Default `UBOT`. */
  parent_user_id?: string;
  /** Channel type; default `channel`. */
  channel_type?: string;
  /** Attached files (file objects, e.g. from `FakeSlack.shareFile`); a message event then has subtype `file_share`. */
  files?: unknown[];
}

/** Builds a `message` event as Slack sends it for a human post (or thread reply). */
export function messageEvent(input: MessageEventInput): Record<string, unknown> {
  const ts = input.ts ?? slackTs();
  return {
    type: 'message',
    channel: input.channel,
    user: input.user ?? 'U1',
    text: input.text,
    ts,
    event_ts: ts,
    team: SLACK_DEFAULTS.teamId,
    channel_type: input.channel_type ?? 'channel',
    client_msg_id: randomUUID(),
    blocks: [
      {
        type: 'rich_text',
        block_id: 'rt',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.text }] }],
      },
    ],
    ...(input.thread_ts !== undefined
      ? { thread_ts: input.thread_ts, parent_user_id: input.parent_user_id ?? SLACK_DEFAULTS.botUserId }
      : {}),
    ...(input.files !== undefined ? { subtype: 'file_share', files: input.files, upload: false } : {}),
  };
}

/** Builds an `app_mention` event; `text` should contain `<@UBOT>` (added in front when missing). */
export function appMentionEvent(
  input: Omit<MessageEventInput, 'channel_type' | 'parent_user_id'>,
): Record<string, unknown> {
  const ts = input.ts ?? slackTs();
  const mention = `<@${SLACK_DEFAULTS.botUserId}>`;
  const text = input.text.includes(mention) ? input.text : `${mention} ${input.text}`;
  return {
    type: 'app_mention',
    channel: input.channel,
    user: input.user ?? 'U1',
    text,
    ts,
    event_ts: ts,
    team: SLACK_DEFAULTS.teamId,
    client_msg_id: randomUUID(),
    ...(input.thread_ts !== undefined ? { thread_ts: input.thread_ts } : {}),
    ...(input.files !== undefined ? { files: input.files, upload: false } : {}),
  };
}

/** Builds an `app_home_opened` event for the Home tab. */
export function appHomeOpenedEvent(user: string): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: `D${user.replace(/^U/, '')}`, tab: 'home', event_ts: slackTs() };
}
