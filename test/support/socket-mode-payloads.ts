/**
 * Envelope payloads for {@link FakeSocketMode.sendEnvelope}: the same bodies `slack-requests.ts`
 * signs and POSTs in HTTP mode, as the JSON objects Slack puts in a Socket Mode envelope.
 *
 * ```ts
 * await socket.sendEnvelope('slash_commands', slashCommandPayload({ text: 'help', user_id: 'U1', channel_id: 'C0SUPPORT01' }));
 * await socket.sendEnvelope('interactive', blockActionPayload({ user: 'U2', channel, message_ts, action: findButton(blocks, 'Approve') }));
 * await socket.sendEnvelope('events_api', eventCallbackPayload(appMentionEvent({ channel, text: 'hi' })));
 * ```
 */
import { randomUUID } from 'node:crypto';
import { SLACK_DEFAULTS, slackTs, type BlockActionInput, type CommandInput } from './slack-requests.js';

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replace(/-/g, '').slice(0, 32)}`;
}

/** A `slash_commands` envelope payload: the command's form fields, all strings, as Slack sends them. */
export function slashCommandPayload(input: CommandInput): Record<string, string> {
  return {
    token: SLACK_DEFAULTS.token,
    team_id: input.team_id ?? SLACK_DEFAULTS.teamId,
    team_domain: SLACK_DEFAULTS.teamDomain,
    channel_id: input.channel_id,
    channel_name: input.channel_name ?? 'channel',
    user_id: input.user_id,
    user_name: input.user_name ?? input.user_id.toLowerCase(),
    command: input.command ?? '/coworker',
    text: input.text,
    api_app_id: SLACK_DEFAULTS.apiAppId,
    is_enterprise_install: 'false',
    response_url: input.response_url ?? `http://127.0.0.1:9/commands/${SLACK_DEFAULTS.teamId}/unused`,
    trigger_id: input.trigger_id ?? triggerId(),
  };
}

/** An `interactive` envelope payload for a clicked button (`findButton(...)`'s result fits `action`). */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const teamId = input.team_id ?? SLACK_DEFAULTS.teamId;
  const message: Record<string, unknown> = input.message
    ? (({ channel: _channel, ...rest }) => rest)(input.message)
    : { type: 'message', ts: input.message_ts, text: '', user: SLACK_DEFAULTS.botUserId, bot_id: 'BBOT', blocks: [] };
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: teamId },
    api_app_id: SLACK_DEFAULTS.apiAppId,
    token: SLACK_DEFAULTS.token,
    container: {
      type: 'message',
      message_ts: input.message_ts,
      channel_id: input.channel,
      is_ephemeral: false,
      ...(input.thread_ts !== undefined ? { thread_ts: input.thread_ts } : {}),
    },
    trigger_id: input.trigger_id ?? triggerId(),
    team: { id: teamId, domain: SLACK_DEFAULTS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel, name: 'channel' },
    message,
    state: { values: {} },
    ...(input.response_url !== undefined ? { response_url: input.response_url } : {}),
    actions: [
      {
        type: input.action.type ?? 'button',
        action_id: input.action.action_id,
        block_id: input.action.block_id ?? 'actions',
        text: input.action.text ?? { type: 'plain_text', text: input.action.action_id, emoji: true },
        ...(input.action.value !== undefined ? { value: input.action.value } : {}),
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

let eventCounter = 0;

/** An `events_api` envelope payload (`event_callback`); reuse `event_id` to mimic a redelivery. */
export function eventCallbackPayload(event: Record<string, unknown>, options: { event_id?: string; team_id?: string } = {}): Record<string, unknown> {
  eventCounter += 1;
  const teamId = options.team_id ?? SLACK_DEFAULTS.teamId;
  const eventId = options.event_id ?? `Ev${Date.now().toString(36).toUpperCase()}S${String(eventCounter).padStart(4, '0')}`;
  const eventTs = typeof event.event_ts === 'string' ? event.event_ts : typeof event.ts === 'string' ? event.ts : slackTs();
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
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: SLACK_DEFAULTS.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(eventId).toString('base64')}`,
  };
}
