import type { SendOptions, SlackHttpResponse } from './signed-request.js';
import { formBody, SLACK_DEFAULTS, sendSignedRequest, triggerId } from './signed-request.js';

/** A clicked element: `findButton(...)`'s result fits as is. */
export interface ActionInput {
  /** Element action_id. */
  action_id: string;
  /** Element value. */
  value?: string;
  /** Containing block id; default `actions`. */
  block_id?: string;
  /** Element type; default `button`. */
  type?: string;
  /** Visible text object. */
  text?: unknown;
  /** A select menu's choice, as Slack sends it (`{ text, value }`). */
  selected_option?: { text?: unknown; value: string };
}

/** Fields of a block_actions payload. */
export interface BlockActionInput {
  /** Clicking user id. */
  user: string;
  /** Channel of the message. */
  channel: string;
  /** ts of the message holding the button. */
  message_ts: string;
  /** The element clicked. */
  action: ActionInput;
  /** Thread of the message, if it is a reply. */
  thread_ts?: string;
  /** Default a fresh trigger id. */
  trigger_id?: string;
  /** Default none. */
  response_url?: string;
  /** The message object (e.g. `fake.message(channel, ts)`); default a minimal bot message. */
  message?: Record<string, unknown>;
  /** Default `T1`. */
  team_id?: string;
  /** Pressed on an ephemeral message (e.g. a command's answer): Slack then sends no `message`. */
  ephemeral?: boolean;
}

/** A `block_actions` payload for a clicked button, as Slack sends it (form `payload=` over HTTP, JSON in Socket Mode). */
export function blockActionPayload(input: BlockActionInput): Record<string, unknown> {
  const teamId = input.team_id ?? SLACK_DEFAULTS.teamId;
  const message: Record<string, unknown> = input.message
    ? (({ channel: _channel, ...rest }) => rest)(input.message)
    : {
        type: 'message',
        ts: input.message_ts,
        text: '',
        user: SLACK_DEFAULTS.botUserId,
        bot_id: 'BBOT',
        blocks: [],
        ...(input.thread_ts !== undefined ? { thread_ts: input.thread_ts } : {}),
      };
  const actionText = input.action.text ?? { type: 'plain_text', text: input.action.action_id, emoji: true };
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: teamId },
    api_app_id: SLACK_DEFAULTS.apiAppId,
    token: SLACK_DEFAULTS.token,
    container: {
      type: 'message',
      message_ts: input.message_ts,
      channel_id: input.channel,
      is_ephemeral: input.ephemeral === true,
      ...(input.thread_ts !== undefined ? { thread_ts: input.thread_ts } : {}),
    },
    trigger_id: input.trigger_id ?? triggerId(),
    team: { id: teamId, domain: SLACK_DEFAULTS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel, name: 'channel' },
    ...(input.ephemeral === true ? {} : { message }),
    state: { values: {} },
    ...(input.response_url !== undefined ? { response_url: input.response_url } : {}),
    actions: [
      {
        type: input.action.type ?? 'button',
        action_id: input.action.action_id,
        block_id: input.action.block_id ?? 'actions',
        text: actionText,
        ...(input.action.value !== undefined ? { value: input.action.value } : {}),
        ...(input.action.selected_option !== undefined ? { selected_option: input.action.selected_option } : {}),
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

/** Sends a `block_actions` interaction (form `payload=<json>`) as Slack does. */
export function sendBlockAction(
  appUrl: string,
  secret: string,
  input: BlockActionInput,
  options?: SendOptions,
): Promise<SlackHttpResponse> {
  return sendSignedRequest(
    appUrl,
    secret,
    formBody({ payload: JSON.stringify(blockActionPayload(input)) }),
    'application/x-www-form-urlencoded',
    options,
  );
}

/** Fields of a view_submission payload. */
export interface ViewSubmissionInput {
  /** Submitting user id. */
  user: string;
  /** The submitted view; `state.values` as Slack sends them (see {@link viewStateFromView}). */
  view: {
    callback_id: string;
    private_metadata?: string;
    state: { values: Record<string, Record<string, unknown>> };
    id?: string;
    blocks?: unknown[];
    [key: string]: unknown;
  };
  /** Default a fresh trigger id. */
  trigger_id?: string;
  /** Default `T1`. */
  team_id?: string;
}

/** Sends a `view_submission` interaction as Slack does. */
export function sendViewSubmission(
  appUrl: string,
  secret: string,
  input: ViewSubmissionInput,
  options?: SendOptions,
): Promise<SlackHttpResponse> {
  const teamId = input.team_id ?? SLACK_DEFAULTS.teamId;
  const viewId = input.view.id ?? 'V0000SUBMIT';
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: SLACK_DEFAULTS.teamDomain },
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: teamId },
    api_app_id: SLACK_DEFAULTS.apiAppId,
    token: SLACK_DEFAULTS.token,
    trigger_id: input.trigger_id ?? triggerId(),
    view: {
      type: 'modal',
      team_id: teamId,
      blocks: [],
      title: { type: 'plain_text', text: 'Edit' },
      close: null,
      submit: { type: 'plain_text', text: 'Save' },
      hash: `${Date.now()}.hash`,
      previous_view_id: null,
      root_view_id: viewId,
      app_id: SLACK_DEFAULTS.apiAppId,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'BBOT',
      clear_on_close: false,
      notify_on_close: false,
      ...input.view,
      id: viewId,
      private_metadata: input.view.private_metadata ?? '',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return sendSignedRequest(
    appUrl,
    secret,
    formBody({ payload: JSON.stringify(payload) }),
    'application/x-www-form-urlencoded',
    options,
  );
}
