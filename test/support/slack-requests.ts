/**
 * Send requests to the app exactly as Slack does: signed (HMAC-SHA256 over `v0:${ts}:${rawBody}`)
 * POSTs to `${appUrl}/slack/events` carrying slash commands (form), interactivity (form
 * `payload=<json>`) and Events API callbacks (JSON).
 *
 * ```ts
 * const res = await sendCommand(appUrl, secret, { text: 'run triage hello', user_id: 'U1', channel_id: 'C0SUPPORT01',
 *   response_url: slack.responseUrl('cmd1') });
 * expect(res.status).toBe(200);
 * ```
 */
import { createHmac, randomUUID } from 'node:crypto';

/** Default ids used in generated payloads. */
export const SLACK_DEFAULTS = {
  teamId: 'T1',
  teamDomain: 'team',
  apiAppId: 'A1',
  botUserId: 'UBOT',
  /** Legacy verification token Slack still includes in payloads (Bolt ignores it). */
  token: 'verification-token',
} as const;

/** The two signature headers Slack sends. */
export interface SlackSignatureHeaders {
  /** Unix seconds as a string. */
  'x-slack-request-timestamp': string;
  /** `v0=<hex HMAC-SHA256(secret, "v0:<ts>:<body>")>`. */
  'x-slack-signature': string;
}

/** The app's HTTP answer. */
export interface SlackHttpResponse {
  /** HTTP status. */
  status: number;
  /** Raw body text. */
  body: string;
  /** Parsed body when it is JSON. */
  json?: unknown;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
}

/** The answer to {@link sendEvent}, with the event id that was sent. */
export interface SlackEventResponse extends SlackHttpResponse {
  /** `event_id` of the delivery. */
  eventId: string;
}

/** Options shared by every sender. */
export interface SendOptions {
  /** Request timestamp in unix seconds (e.g. stale ones to test rejection). Default now. */
  timestamp?: number;
  /** Sign with this secret instead (to test bad signatures). */
  signWith?: string;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Path on the app; default `/slack/events`. */
  path?: string;
  /** Abort after this many ms. Default 10000. */
  timeoutMs?: number;
}

/** Computes Slack's request signature headers for `rawBody`. */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  ts: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

/**
 * POSTs `rawBody` signed with `secret` to `${appUrl}${options.path ?? '/slack/events'}`.
 * `appUrl` is the app's origin, e.g. `http://127.0.0.1:3000` (a trailing slash is fine).
 */
export async function sendSignedRequest(
  appUrl: string,
  secret: string,
  rawBody: string,
  contentType: string,
  options: SendOptions = {},
): Promise<SlackHttpResponse> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(options.signWith ?? secret, rawBody, options.timestamp),
    ...options.headers,
  };
  const url = `${appUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: rawBody,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  const result: SlackHttpResponse = {
    status: response.status,
    body,
    headers: Object.fromEntries(response.headers.entries()),
  };
  if (body.length > 0) {
    try {
      result.json = JSON.parse(body) as unknown;
    } catch {
      // not JSON
    }
  }
  return result;
}

function formBody(fields: Record<string, string | undefined>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.set(key, value);
  return form.toString();
}

let tsCounter = 0;
/** A fresh, increasing Slack-style ts for user messages in events (e.g. `1764000000.000001`). */
export function slackTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter % 1_000_000).padStart(6, '0')}`;
}

function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replace(/-/g, '').slice(0, 32)}`;
}

/** Fields of a slash command. */
export interface CommandInput {
  /** Text after the command, e.g. `run triage hello`. */
  text: string;
  /** Invoking user. */
  user_id: string;
  /** Channel the command was typed in. */
  channel_id: string;
  /** Channel name; default `channel`. */
  channel_name?: string;
  /** Where `respond()` posts; default a URL that goes nowhere useful (use `fake.responseUrl()`). */
  response_url?: string;
  /** Default a fresh trigger id. */
  trigger_id?: string;
  /** Default `/coworker`. */
  command?: string;
  /** Default `u1` style from the id. */
  user_name?: string;
  /** Default `T1`. */
  team_id?: string;
}

/** A slash command's fields, all strings, as Slack sends them (form-encoded over HTTP, JSON in Socket Mode). */
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

/** Sends a slash command (form-encoded) as Slack does. */
export function sendCommand(
  appUrl: string,
  secret: string,
  input: CommandInput,
  options?: SendOptions,
): Promise<SlackHttpResponse> {
  return sendSignedRequest(
    appUrl,
    secret,
    formBody(slashCommandPayload(input)),
    'application/x-www-form-urlencoded',
    options,
  );
}

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

/**
 * Builds a submitted view's `state.values` from the view the app opened (e.g. a recorded
 * views.open call's `params.view`): every `input` block's element gets its `initial_value`
 * (plain_text_input) / `initial_option` / `initial_options` unless `edits` changes it.
 * `edits` keys: a block_id, `block_id.action_id`, or the input's label text; values: new text.
 */
export function viewStateFromView(
  view: unknown,
  edits: Record<string, string> = {},
): { values: Record<string, Record<string, Record<string, unknown>>> } {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  const blocks =
    typeof view === 'object' && view !== null && Array.isArray((view as { blocks?: unknown }).blocks)
      ? (view as { blocks: unknown[] }).blocks
      : [];
  const used = new Set<string>();
  blocks.forEach((block, index) => {
    if (typeof block !== 'object' || block === null) return;
    const b = block as Record<string, unknown>;
    if (b.type !== 'input' || typeof b.element !== 'object' || b.element === null) return;
    const element = b.element as Record<string, unknown>;
    const blockId = typeof b.block_id === 'string' ? b.block_id : `block_${index}`;
    const actionId = typeof element.action_id === 'string' ? element.action_id : `action_${index}`;
    const label = typeof b.label === 'object' && b.label !== null ? (b.label as { text?: unknown }).text : undefined;
    const editKey = [`${blockId}.${actionId}`, blockId, typeof label === 'string' ? label : undefined].find(
      (k): k is string => k !== undefined && k in edits,
    );
    if (editKey !== undefined) used.add(editKey);
    const type = typeof element.type === 'string' ? element.type : 'plain_text_input';
    let state: Record<string, unknown>;
    if (
      type === 'plain_text_input' ||
      type === 'email_text_input' ||
      type === 'url_text_input' ||
      type === 'number_input'
    ) {
      const initial = typeof element.initial_value === 'string' ? element.initial_value : null;
      state = { type, value: editKey !== undefined ? edits[editKey] : initial };
    } else if (type === 'static_select' || type === 'radio_buttons') {
      state = { type, selected_option: element.initial_option ?? null };
    } else if (type === 'checkboxes' || type === 'multi_static_select') {
      state = { type, selected_options: element.initial_options ?? [] };
    } else {
      state = { type, value: editKey !== undefined ? edits[editKey] : null };
    }
    values[blockId] = { ...(values[blockId] ?? {}), [actionId]: state };
  });
  const unused = Object.keys(edits).filter((k) => !used.has(k));
  if (unused.length > 0) {
    throw new Error(
      `viewStateFromView: no input block matches ${unused.join(', ')} (inputs: ${Object.keys(values).join(', ') || 'none'})`,
    );
  }
  return { values };
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
  };
}

/** Builds an `app_home_opened` event for the Home tab. */
export function appHomeOpenedEvent(user: string): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: `D${user.replace(/^U/, '')}`, tab: 'home', event_ts: slackTs() };
}
