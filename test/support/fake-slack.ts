/**
 * A small, stateful fake of the Slack Web API for integration tests.
 *
 * It listens on 127.0.0.1 and answers `POST /api/<method>` the way `@slack/web-api` 8 expects
 * (form-urlencoded bodies with JSON-string fields, JSON bodies, multipart bodies), records every
 * call, keeps posted messages so history/replies work, serves the `files.uploadV2` flow
 * (getUploadURLExternal -> upload URL on this server -> completeUploadExternal) and offers
 * `response_url` endpoints for slash commands and actions.
 *
 * ```ts
 * const slack = await startFakeSlack({ channels: [{ id: 'C0SUPPORT01', name: 'support' }] });
 * const app = new App({ token: 'xoxb-test', signingSecret, clientOptions: { slackApiUrl: slack.url } });
 * // ...
 * const call = await slack.waitForCall('chat.postMessage', (p) => p.channel === 'C0SUPPORT01');
 * slack.on('chat.update', () => slackRateLimited(1)); // 429 + retry-after: 1
 * ```
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlockKitViolation } from './block-kit-checker.js';
import { checkBlocks as checkBlockKit, checkView as checkBlockKitView, formatViolation } from './block-kit-checker.js';
import { isRecord, listenLocal, preview, readBody, waitUntil } from './http-util.js';

/** One recorded Web API call. */
export interface SlackCall {
  /** Web API method, e.g. `chat.postMessage`. */
  method: string;
  /** Parsed parameters (form or JSON; JSON-string fields such as `blocks` parsed into objects). */
  params: Record<string, unknown>;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The raw `Authorization` header, e.g. `Bearer xoxb-test` (undefined when absent). */
  authorization: string | undefined;
  /** The request's `content-type` header. */
  contentType: string | undefined;
  /** The JSON body the fake answered with; undefined while the call is still being answered. */
  response?: Record<string, unknown>;
  /** The HTTP status the fake answered with; undefined while in flight. */
  status?: number;
}

/** A channel the fake knows about (for conversations.list / conversations.info / name resolution). */
export interface FakeSlackChannel {
  /** Channel id, e.g. `C0SUPPORT01`. */
  id: string;
  /** Channel name without `#`, e.g. `support`. */
  name: string;
  /** Private channel (listed only with `types` including `private_channel`). Default false. */
  is_private?: boolean;
  /** Archived channel (hidden with `exclude_archived`). Default false. */
  is_archived?: boolean;
  /** Whether the bot is a member. Default true. */
  is_member?: boolean;
}

/** A user the fake knows about (users.info / users.list). */
export interface FakeSlackUser {
  /** User id, e.g. `U1`. */
  id: string;
  /** Handle; default derived from the id (`u1`). */
  name?: string;
  /** Real name; default `User <id>`. */
  real_name?: string;
  /** Display name; default the name. */
  display_name?: string;
  /** Is a bot user. Default false. */
  is_bot?: boolean;
  /** IANA time zone. Default `Europe/Berlin`. */
  tz?: string;
}

/** A user group (usergroups.list / usergroups.users.list). */
export interface FakeSlackUsergroup {
  /** Group id, e.g. `S1`. */
  id: string;
  /** Handle without `@`, e.g. `sales-leads`. */
  handle: string;
  /** Display name; default the handle. */
  name?: string;
  /** Member user ids. */
  users: string[];
}

/** Options for {@link startFakeSlack}. */
export interface FakeSlackOptions {
  /** Channels returned by conversations.list and used to resolve `#name` channels. */
  channels?: FakeSlackChannel[];
  /** Users known to users.info / users.list (unknown ids get a derived profile). */
  users?: FakeSlackUser[];
  /** User groups for usergroups.list / usergroups.users.list. */
  usergroups?: FakeSlackUsergroup[];
  /**
   * Largest page conversations.list and users.list return, whatever `limit` asks for (Slack may
   * return fewer items than `limit`). Default 2, so callers must really paginate.
   */
  pageSize?: number;
  /** Reject messages/views that break Block Kit limits, as Slack does. Default true. */
  validateBlocks?: boolean;
  /** Bot identity returned by auth.test. Defaults: UBOT / BBOT / T1. */
  botUserId?: string;
  /** Bot id returned by auth.test. Default `BBOT`. */
  botId?: string;
  /** Team id returned by auth.test. Default `T1`. */
  teamId?: string;
  /** Port to listen on; default a free one. */
  port?: number;
}

/** An explicit HTTP reply from an override handler (anything without an `ok` key and with a `body`). */
export interface FakeSlackReply {
  /** HTTP status; default 200. */
  status?: number;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  headers?: Record<string, string>;
  /** JSON body. */
  body: Record<string, unknown>;
}

/** Context passed to an override handler. */
export interface FakeSlackHandlerContext {
  /** The recorded call being answered. */
  call: SlackCall;
  /** 0-based index of this call among calls to the same method since the last reset. */
  nth: number;
  /** Runs the fake's default behaviour for this call and returns its body. */
  fallback: () => Record<string, unknown>;
}

/**
 * Overrides a method's response. Return a JSON body (`{ ok: false, error: 'channel_not_found' }`),
 * a {@link FakeSlackReply} for a status/headers, or `undefined` to use the default behaviour.
 */
export type FakeSlackHandler = (
  params: Record<string, unknown>,
  context: FakeSlackHandlerContext,
) =>
  | Record<string, unknown>
  | FakeSlackReply
  | undefined
  | Promise<Record<string, unknown> | FakeSlackReply | undefined>;

/** A message stored by the fake (posted by the app or seeded by a test). */
export interface FakeSlackMessage {
  /** Always `message`. */
  type: 'message';
  /** Channel id the message lives in. */
  channel: string;
  /** Message ts. */
  ts: string;
  /** Text (fallback text for block messages). */
  text?: string;
  /** Block Kit blocks. */
  blocks?: unknown[];
  /** Legacy attachments. */
  attachments?: unknown[];
  /** Author user id (`UBOT` for the app's own messages). */
  user?: string;
  /** Bot id for bot messages. */
  bot_id?: string;
  /** Parent ts for thread replies (equal to `ts` on a parent with replies). */
  thread_ts?: string;
  /** Subtype, e.g. `thread_broadcast`. */
  subtype?: string;
  /** Number of replies (parents only). */
  reply_count?: number;
  /** Other fields (metadata, files, edited, ...). */
  [key: string]: unknown;
}

/** Fields for {@link FakeSlack.addMessage} (seeding human messages for history/threads). */
export interface SeedMessage {
  /** Author; default `U1`. */
  user?: string;
  /** Message text. */
  text: string;
  /** Explicit ts; default the fake's next ts. */
  ts?: string;
  /** Parent ts to make this a thread reply. */
  thread_ts?: string;
  /** Other fields copied onto the message (blocks, bot_id, subtype, files, ...). */
  [key: string]: unknown;
}

/** A file completed through the files.uploadV2 flow. */
export interface FakeSlackUpload {
  /** File id from files.getUploadURLExternal. */
  file_id: string;
  /** File name given to files.getUploadURLExternal. */
  filename: string;
  /** Title given to files.completeUploadExternal (if any). */
  title?: string;
  /** Byte length declared to files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL. */
  content: Buffer;
  /** `content` decoded as UTF-8. */
  text: string;
  /** Channel shared to (if any). */
  channel_id?: string;
  /** Thread shared to (if any). */
  thread_ts?: string;
  /** Initial comment (if any). */
  initial_comment?: string;
  /** Snippet type (if any). */
  snippet_type?: string;
  /** Alt text (if any). */
  alt_text?: string;
}

/** A JSON body POSTed to one of the fake's `response_url`s. */
export interface ResponseUrlPost {
  /** The id given to {@link FakeSlack.responseUrl}. */
  id: string;
  /** Parsed JSON body (e.g. `{ text, replace_original, response_type }`). */
  body: Record<string, unknown>;
  /** `Date.now()` on arrival. */
  at: number;
}

/** Pseudo-method name: `slack.on(RESPONSE_URL_METHOD, handler)` overrides response_url replies. */
export const RESPONSE_URL_METHOD = 'response_url';

/** Form/JSON fields that Slack clients send as JSON strings; the fake parses them into objects. */
export const SLACK_JSON_FIELDS: readonly string[] = [
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'chunks',
];

/** The running fake Slack Web API. */
export interface FakeSlack {
  /** Web API base URL with trailing slash, e.g. `http://127.0.0.1:PORT/api/` (Bolt `clientOptions.slackApiUrl`). */
  url: string;
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** Every call in arrival order (since the last reset). */
  calls: SlackCall[];
  /** Files completed through files.completeUploadExternal, with their uploaded bytes. */
  uploads: FakeSlackUpload[];
  /** JSON POSTed to response URLs from {@link FakeSlack.responseUrl}. */
  responses: ResponseUrlPost[];
  /** Calls to one method. */
  callsTo(method: string): SlackCall[];
  /**
   * Resolves with the first answered call to `method` matching `predicate` (calls that already
   * happened count). Rejects after `timeoutMs` listing the calls seen.
   */
  waitForCall(
    method: string,
    predicate?: (params: Record<string, unknown>, call: SlackCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackCall>;
  /** Resolves once at least `count` calls to `method` (matching `predicate`) were answered. */
  waitForCalls(
    method: string,
    count: number,
    predicate?: (params: Record<string, unknown>, call: SlackCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackCall[]>;
  /** Overrides `method` until reset; returns a function removing the override. */
  on(method: string, handler: FakeSlackHandler): () => void;
  /** A response_url on the fake; POSTs to it are recorded in `responses` under `id`. */
  responseUrl(id?: string): string;
  /** Resolves with the first response_url POST matching `predicate` (past ones count). */
  waitForResponse(predicate?: (post: ResponseUrlPost) => boolean, timeoutMs?: number): Promise<ResponseUrlPost>;
  /** Stored messages, oldest first (all channels, or one), thread replies included. */
  messages(channel?: string): FakeSlackMessage[];
  /** One stored message. */
  message(channel: string, ts: string): FakeSlackMessage | undefined;
  /** Seeds a (human) message for history/threads; returns its ts. Channel may be `#name`. */
  addMessage(channel: string, message: SeedMessage): string;
  /** The next ts the fake hands out (increasing), e.g. `1700000000.000100`. */
  nextTs(): string;
  /** The view last published to `userId`'s App Home. */
  homeView(userId: string): Record<string, unknown> | undefined;
  /** A modal opened/updated through views.open/views.update, by view id. */
  view(viewId: string): Record<string, unknown> | undefined;
  /** Resolves a channel id or `#name`/name to the configured id (or returns the input). */
  channelId(nameOrId: string): string;
  /** Clears calls, overrides, uploads and responses; with `{ state: true }` also messages and views. */
  reset(options?: { state?: boolean }): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Body helper: `{ ok: false, error }` (add extra fields with `extra`). */
export function slackError(error: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ok: false, error, ...extra };
}

/** Reply helper: HTTP 429 with `retry-after` and `{ ok: false, error: 'ratelimited' }`. */
export function slackRateLimited(retryAfterSeconds = 1): FakeSlackReply {
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
    body: { ok: false, error: 'ratelimited' },
  };
}

function isReply(value: Record<string, unknown> | FakeSlackReply): value is FakeSlackReply {
  return !('ok' in value) && 'body' in value && isRecord(value.body);
}

interface PendingUpload {
  file_id: string;
  filename: string;
  length: number;
  snippet_type?: string;
  alt_text?: string;
  content?: Buffer;
}

class SlackRequestError extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super(String(body.error));
  }
}

/** Throws `{ ok: false, error }` out of a default handler. */
function fail(error: string, extra: Record<string, unknown> = {}): never {
  throw new SlackRequestError(slackError(error, extra));
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function int(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64');
}

function decodeCursor(cursor: unknown): number {
  const raw = str(cursor);
  if (raw === undefined || raw === '') return 0;
  const decoded = Buffer.from(raw, 'base64').toString('utf8');
  const match = /^offset:(\d+)$/.exec(decoded);
  if (!match?.[1]) fail('invalid_cursor');
  return Number(match[1]);
}

function paginate<T>(
  items: readonly T[],
  params: Record<string, unknown>,
  defaultLimit: number,
  cap: number,
): { page: T[]; next_cursor: string } {
  const offset = decodeCursor(params.cursor);
  const size = Math.min(int(params.limit, defaultLimit), cap);
  const page = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodeCursor(offset + size) : '';
  return { page, next_cursor: next };
}

/** The violations Slack refuses a payload for (the stricter rules are for unit tests). */
function slackRefuses(violations: BlockKitViolation[]): BlockKitViolation[] {
  return violations.filter((v) => v.kind === 'slack');
}

/** The error Slack answers for a message it refuses: a second table and a too long text have their own. */
function messageError(refused: BlockKitViolation[]): string {
  if (refused.some((v) => v.slackError === 'invalid_attachments')) return 'invalid_attachments';
  if (refused.every((v) => v.slackError === 'msg_too_long')) return 'msg_too_long';
  return 'invalid_blocks';
}

function problemDetails(refused: BlockKitViolation[]): Record<string, unknown> {
  const problems = refused.map(formatViolation);
  return { errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}

async function parseParams(req: IncomingMessage, raw: Buffer, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (raw.length > 0) {
    if (contentType.includes('application/json')) {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (isRecord(parsed)) Object.assign(params, parsed);
    } else if (contentType.includes('multipart/form-data')) {
      const form = await new Request('http://127.0.0.1/', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: new Uint8Array(raw),
      }).formData();
      for (const [key, value] of form.entries()) {
        params[key] =
          typeof value === 'string'
            ? value
            : { filename: value.name, type: value.type, content: Buffer.from(await value.arrayBuffer()) };
      }
    } else {
      const form = new URLSearchParams(raw.toString('utf8'));
      for (const key of new Set(form.keys())) {
        const all = form.getAll(key);
        params[key] = all.length === 1 ? all[0] : all;
      }
    }
  }
  for (const field of SLACK_JSON_FIELDS) {
    const value = params[field];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        params[field] = JSON.parse(value) as unknown;
      } catch {
        // leave as sent; the handler reports it
      }
    }
  }
  return params;
}

async function uploadBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().includes('multipart/form-data')) return raw;
  const form = await new Request('http://127.0.0.1/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: new Uint8Array(raw),
  }).formData();
  for (const [, value] of form.entries()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  // A multipart body with only string fields: take the first field's text.
  for (const [, value] of form.entries()) return Buffer.from(String(value));
  return Buffer.alloc(0);
}

/** Starts the fake Slack Web API on 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const channels = [...(options.channels ?? [])];
  const users = [...(options.users ?? [])];
  const usergroups = [...(options.usergroups ?? [])];
  const pageSize = options.pageSize ?? 2;
  const validate = options.validateBlocks ?? true;
  const botUserId = options.botUserId ?? 'UBOT';
  const botId = options.botId ?? 'BBOT';
  const teamId = options.teamId ?? 'T1';

  const events = new EventEmitter();
  events.setMaxListeners(0);
  const calls: SlackCall[] = [];
  const uploads: FakeSlackUpload[] = [];
  const responses: ResponseUrlPost[] = [];
  const overrides = new Map<string, FakeSlackHandler[]>();
  const methodCounts = new Map<string, number>();
  const store = new Map<string, FakeSlackMessage[]>();
  const views = new Map<string, Record<string, unknown>>();
  const homeViews = new Map<string, Record<string, unknown>>();
  const pendingUploads = new Map<string, PendingUpload>();
  let tsCounter = 0;
  let idCounter = 0;
  let responseCounter = 0;
  let origin = '';

  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    const seconds = 1_700_000_000 + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const nextId = (prefix: string): string => {
    idCounter += 1;
    return `${prefix}${String(idCounter).padStart(8, '0')}`;
  };

  const channelId = (nameOrId: string): string => {
    const bare = nameOrId.replace(/^#/, '').toLowerCase();
    const found = channels.find((c) => c.id === nameOrId || c.name.toLowerCase() === bare);
    return found?.id ?? nameOrId;
  };
  const channelObject = (c: FakeSlackChannel): Record<string, unknown> => ({
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.is_private,
    is_group: Boolean(c.is_private),
    is_im: false,
    is_mpim: false,
    is_private: Boolean(c.is_private),
    is_archived: Boolean(c.is_archived),
    is_general: false,
    is_member: c.is_member ?? true,
    is_ext_shared: false,
    is_org_shared: false,
    is_shared: false,
    context_team_id: teamId,
    created: 1_600_000_000,
    creator: 'U0ADMIN',
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  });
  const userObject = (id: string): Record<string, unknown> => {
    const known = users.find((u) => u.id === id);
    const isBot = id === botUserId || Boolean(known?.is_bot);
    const name = known?.name ?? (id === botUserId ? 'coworker' : id.toLowerCase());
    const realName = known?.real_name ?? (id === botUserId ? 'Coworker' : `User ${id}`);
    const displayName = known?.display_name ?? name;
    return {
      id,
      team_id: teamId,
      name,
      real_name: realName,
      deleted: false,
      is_bot: isBot,
      is_app_user: false,
      is_admin: false,
      tz: known?.tz ?? 'Europe/Berlin',
      tz_offset: 3600,
      profile: {
        real_name: realName,
        display_name: displayName,
        real_name_normalized: realName,
        display_name_normalized: displayName,
        team: teamId,
      },
    };
  };

  const messagesIn = (channel: string): FakeSlackMessage[] => {
    let list = store.get(channel);
    if (!list) {
      list = [];
      store.set(channel, list);
    }
    return list;
  };
  const findMessage = (channel: string, ts: string): FakeSlackMessage | undefined =>
    store.get(channel)?.find((m) => m.ts === ts);
  const insertMessage = (message: FakeSlackMessage): void => {
    const list = messagesIn(message.channel);
    list.push(message);
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    const parentTs = message.thread_ts;
    if (parentTs !== undefined && parentTs !== message.ts) {
      const parent = list.find((m) => m.ts === parentTs);
      if (parent) {
        parent.thread_ts = parentTs;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        const replyUsers = new Set(Array.isArray(parent.reply_users) ? (parent.reply_users as string[]) : []);
        if (message.user !== undefined) replyUsers.add(message.user);
        parent.reply_users = [...replyUsers];
        parent.reply_users_count = replyUsers.size;
        parent.latest_reply = message.ts;
      }
    }
  };
  const publicMessage = (m: FakeSlackMessage): Record<string, unknown> => {
    const { channel: _channel, ...rest } = m;
    return rest;
  };

  const requireChannel = (params: Record<string, unknown>, field = 'channel'): string => {
    const value = str(params[field]);
    if (value === undefined || value === '') fail('channel_not_found');
    return channelId(value);
  };
  const checkBlocks = (params: Record<string, unknown>): void => {
    if (params.blocks !== undefined && !Array.isArray(params.blocks)) fail('invalid_blocks_format');
    if (params.attachments !== undefined && !Array.isArray(params.attachments)) fail('invalid_attachments');
    if (!validate) return;
    const text = str(params.text);
    const blocks: unknown[] = Array.isArray(params.blocks) ? params.blocks : [];
    const refused = slackRefuses(checkBlockKit(blocks, text === undefined ? {} : { text }));
    if (refused.length > 0) fail(messageError(refused), problemDetails(refused));
  };
  const checkView = (view: unknown): Record<string, unknown> => {
    if (!isRecord(view)) fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] view is required'] } });
    const refused = validate ? slackRefuses(checkBlockKitView(view)) : [];
    if (refused.length > 0) fail('invalid_arguments', problemDetails(refused));
    return view;
  };
  const storeView = (
    view: Record<string, unknown>,
    id: string,
    previous?: Record<string, unknown>,
  ): Record<string, unknown> => {
    const stored: Record<string, unknown> = {
      ...view,
      id,
      team_id: teamId,
      app_id: 'A1',
      bot_id: botId,
      state: { values: {} },
      hash: `${Date.now()}.${nextId('h')}`,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      external_id: view.external_id ?? previous?.external_id ?? '',
      root_view_id: previous?.root_view_id ?? id,
      previous_view_id: null,
    };
    views.set(id, stored);
    return stored;
  };

  const defaults: Record<string, (params: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://team.slack.com/',
      team: 'Team',
      user: 'coworker',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'chat.postMessage': (params) => {
      const channel = requireChannel(params);
      if (params.text === undefined && params.blocks === undefined && params.attachments === undefined) fail('no_text');
      checkBlocks(params);
      const ts = nextTs();
      const threadTs = str(params.thread_ts);
      const message: FakeSlackMessage = {
        type: 'message',
        channel,
        ts,
        text: str(params.text) ?? '',
        user: botUserId,
        bot_id: botId,
        app_id: 'A1',
        team: teamId,
      };
      if (Array.isArray(params.blocks)) message.blocks = params.blocks;
      if (Array.isArray(params.attachments)) message.attachments = params.attachments;
      if (params.metadata !== undefined) message.metadata = params.metadata;
      if (threadTs !== undefined && threadTs !== '') {
        message.thread_ts = threadTs;
        message.parent_user_id = findMessage(channel, threadTs)?.user;
        if (truthy(params.reply_broadcast)) message.subtype = 'thread_broadcast';
      }
      insertMessage(message);
      return { ok: true, channel, ts, message: publicMessage(message) };
    },
    'chat.update': (params) => {
      const channel = requireChannel(params);
      const ts = str(params.ts);
      if (ts === undefined) fail('message_not_found');
      checkBlocks(params);
      const message = findMessage(channel, ts);
      if (!message) fail('message_not_found');
      if (params.text !== undefined) message.text = str(params.text) ?? '';
      if (Array.isArray(params.blocks)) message.blocks = params.blocks;
      if (Array.isArray(params.attachments)) message.attachments = params.attachments;
      if (params.metadata !== undefined) message.metadata = params.metadata;
      message.edited = { user: botUserId, ts: nextTs() };
      return { ok: true, channel, ts, text: message.text ?? '', message: publicMessage(message) };
    },
    'chat.delete': (params) => {
      const channel = requireChannel(params);
      const ts = str(params.ts) ?? '';
      const list = store.get(channel);
      const index = list?.findIndex((m) => m.ts === ts) ?? -1;
      if (!list || index < 0) fail('message_not_found');
      list.splice(index, 1);
      return { ok: true, channel, ts };
    },
    'chat.postEphemeral': (params) => {
      requireChannel(params);
      if (str(params.user) === undefined) fail('user_not_in_channel');
      if (params.text === undefined && params.blocks === undefined && params.attachments === undefined) fail('no_text');
      checkBlocks(params);
      return { ok: true, message_ts: nextTs() };
    },
    'chat.getPermalink': (params) => {
      const channel = requireChannel(params);
      const ts = str(params.message_ts) ?? '';
      return { ok: true, channel, permalink: `https://team.slack.com/archives/${channel}/p${ts.replace('.', '')}` };
    },
    'chat.scheduleMessage': (params) => ({
      ok: true,
      channel: requireChannel(params),
      scheduled_message_id: nextId('Q'),
      post_at: int(params.post_at, Math.floor(Date.now() / 1000)),
    }),
    'conversations.list': (params) => {
      const types = (str(params.types) ?? 'public_channel').split(',').map((t) => t.trim());
      const excludeArchived = truthy(params.exclude_archived);
      const visible = channels.filter(
        (c) =>
          (c.is_private ? types.includes('private_channel') : types.includes('public_channel')) &&
          !(excludeArchived && c.is_archived),
      );
      const { page, next_cursor } = paginate(visible, params, 100, pageSize);
      return { ok: true, channels: page.map(channelObject), response_metadata: { next_cursor } };
    },
    'conversations.info': (params) => {
      const id = requireChannel(params);
      const found = channels.find((c) => c.id === id);
      if (found) return { ok: true, channel: channelObject(found) };
      if (id.startsWith('D')) return { ok: true, channel: { id, is_im: true, user: id.slice(1), is_member: true } };
      fail('channel_not_found');
    },
    'conversations.open': (params) => {
      const usersParam = str(params.users) ?? '';
      const first = usersParam.split(',')[0] ?? '';
      return { ok: true, channel: { id: `D${first.replace(/^U/, '')}`, is_im: true, user: first } };
    },
    'conversations.join': (params) => {
      const id = requireChannel(params);
      const found = channels.find((c) => c.id === id);
      return { ok: true, channel: found ? channelObject(found) : { id } };
    },
    'conversations.history': (params) => {
      const channel = requireChannel(params);
      const oldest = Number(str(params.oldest) ?? '0');
      const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(str(params.latest));
      const inclusive = truthy(params.inclusive);
      const all = (store.get(channel) ?? [])
        .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast')
        .filter((m) => {
          const t = Number(m.ts);
          return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
        })
        .reverse();
      const { page, next_cursor } = paginate(all, params, 100, 999);
      return {
        ok: true,
        messages: page.map(publicMessage),
        has_more: next_cursor !== '',
        pin_count: 0,
        response_metadata: { next_cursor },
      };
    },
    'conversations.replies': (params) => {
      const channel = requireChannel(params);
      const ts = str(params.ts) ?? '';
      const parent = findMessage(channel, ts);
      if (!parent) fail('thread_not_found');
      const thread = (store.get(channel) ?? []).filter((m) => m.ts === ts || (m.thread_ts === ts && m.ts !== ts));
      const { page, next_cursor } = paginate(thread, params, 1000, 1000);
      return {
        ok: true,
        messages: page.map(publicMessage),
        has_more: next_cursor !== '',
        response_metadata: { next_cursor },
      };
    },
    'users.info': (params) => {
      const id = str(params.user);
      if (id === undefined || id === '') fail('user_not_found');
      return { ok: true, user: userObject(id) };
    },
    'users.list': (params) => {
      const { page, next_cursor } = paginate(users, params, 100, pageSize);
      return { ok: true, members: page.map((u) => userObject(u.id)), response_metadata: { next_cursor } };
    },
    'usergroups.list': (params) => {
      const includeUsers = truthy(params.include_users);
      return {
        ok: true,
        usergroups: usergroups.map((g) => ({
          id: g.id,
          team_id: teamId,
          is_usergroup: true,
          name: g.name ?? g.handle,
          handle: g.handle,
          description: '',
          date_delete: 0,
          user_count: g.users.length,
          ...(includeUsers ? { users: [...g.users] } : {}),
        })),
      };
    },
    'usergroups.users.list': (params) => {
      const id = str(params.usergroup);
      const group = usergroups.find((g) => g.id === id);
      if (!group) fail('no_such_subteam');
      return { ok: true, users: [...group.users] };
    },
    'views.open': (params) => {
      if (str(params.trigger_id) === undefined && str(params.interactivity_pointer) === undefined) {
        fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
      }
      const view = checkView(params.view);
      return { ok: true, view: storeView(view, nextId('V')) };
    },
    'views.push': (params) => {
      const view = checkView(params.view);
      return { ok: true, view: storeView(view, nextId('V')) };
    },
    'views.update': (params) => {
      const view = checkView(params.view);
      const externalId = str(params.external_id);
      let id = str(params.view_id);
      if (id === undefined && externalId !== undefined) {
        id = [...views.values()].find((v) => v.external_id === externalId)?.id as string | undefined;
      }
      if (id === undefined || !views.has(id)) fail('not_found');
      return { ok: true, view: storeView(view, id, views.get(id)) };
    },
    'views.publish': (params) => {
      const userId = str(params.user_id);
      if (userId === undefined) fail('invalid_arguments');
      const view = checkView(params.view);
      const stored = storeView(view, nextId('V'));
      homeViews.set(userId, stored);
      return { ok: true, view: stored };
    },
    'files.getUploadURLExternal': (params) => {
      const filename = str(params.filename);
      if (filename === undefined || filename === '') fail('invalid_arguments');
      const length = int(params.length, 0);
      const fileId = nextId('F');
      const pending: PendingUpload = { file_id: fileId, filename, length };
      const snippetType = str(params.snippet_type);
      if (snippetType !== undefined) pending.snippet_type = snippetType;
      const altText = str(params.alt_text);
      if (altText !== undefined) pending.alt_text = altText;
      pendingUploads.set(fileId, pending);
      return { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': (params) => {
      const files = params.files;
      if (!Array.isArray(files) || files.length === 0) fail('invalid_arguments');
      const channel = str(params.channel_id);
      const threadTs = str(params.thread_ts);
      const initialComment = str(params.initial_comment);
      const completed: FakeSlackUpload[] = [];
      for (const file of files) {
        const id = isRecord(file) ? str(file.id) : undefined;
        const pending = id === undefined ? undefined : pendingUploads.get(id);
        if (!pending?.content) fail('file_not_found', { file_id: id });
        const upload: FakeSlackUpload = {
          file_id: pending.file_id,
          filename: pending.filename,
          length: pending.length,
          content: pending.content,
          text: pending.content.toString('utf8'),
        };
        const title = isRecord(file) ? str(file.title) : undefined;
        if (title !== undefined) upload.title = title;
        if (channel !== undefined) upload.channel_id = channelId(channel);
        if (threadTs !== undefined) upload.thread_ts = threadTs;
        if (initialComment !== undefined) upload.initial_comment = initialComment;
        if (pending.snippet_type !== undefined) upload.snippet_type = pending.snippet_type;
        if (pending.alt_text !== undefined) upload.alt_text = pending.alt_text;
        completed.push(upload);
      }
      for (const upload of completed) pendingUploads.delete(upload.file_id);
      uploads.push(...completed);
      const fileObjects = completed.map((u) => ({
        id: u.file_id,
        name: u.filename,
        title: u.title ?? u.filename,
        size: u.content.length,
        permalink: `https://team.slack.com/files/${botUserId}/${u.file_id}/${u.filename}`,
      }));
      if (channel !== undefined) {
        const message: FakeSlackMessage = {
          type: 'message',
          channel: channelId(channel),
          ts: nextTs(),
          text: initialComment ?? '',
          user: botUserId,
          bot_id: botId,
          files: fileObjects,
          upload: true,
        };
        if (threadTs !== undefined) message.thread_ts = threadTs;
        insertMessage(message);
      }
      return { ok: true, files: fileObjects };
    },
  };

  const runDefault = (method: string, params: Record<string, unknown>): Record<string, unknown> => {
    const handler = defaults[method];
    if (!handler) return { ok: true };
    try {
      return handler(params);
    } catch (error) {
      if (error instanceof SlackRequestError) return error.body;
      throw error;
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...headers,
    });
    res.end(text);
  };

  const applyOverrides = async (
    key: string,
    params: Record<string, unknown>,
    context: FakeSlackHandlerContext,
  ): Promise<FakeSlackReply | undefined> => {
    for (const handler of [...(overrides.get(key) ?? [])].reverse()) {
      const result = await handler(params, context);
      if (result === undefined) continue;
      return isReply(result) ? result : { body: result };
    }
    return undefined;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> => {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    let params: Record<string, unknown>;
    try {
      params = await parseParams(req, raw, url);
    } catch (error) {
      send(res, 200, slackError('invalid_form_data', { detail: String(error) }));
      return;
    }
    const call: SlackCall = {
      method,
      params,
      at: Date.now(),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    };
    calls.push(call);
    const nth = methodCounts.get(method) ?? 0;
    methodCounts.set(method, nth + 1);
    let reply: FakeSlackReply;
    try {
      reply = (await applyOverrides(method, params, { call, nth, fallback: () => runDefault(method, params) })) ?? {
        body: runDefault(method, params),
      };
    } catch (error) {
      reply = { status: 500, body: slackError('fake_slack_internal_error', { detail: String(error) }) };
    }
    call.response = reply.body;
    call.status = reply.status ?? 200;
    send(res, call.status, reply.body, reply.headers);
    events.emit('call', call);
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> => {
    const fileId = decodeURIComponent(url.pathname.slice('/upload/'.length));
    const pending = pendingUploads.get(fileId);
    if (!pending) {
      send(res, 404, 'unknown upload url');
      return;
    }
    pending.content = await uploadBytes(req, raw);
    send(res, 200, `OK - ${pending.content.length}`);
  };

  const handleResponseUrl = async (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer): Promise<void> => {
    const id = decodeURIComponent(url.pathname.slice('/response/'.length));
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      body = isRecord(parsed) ? parsed : { value: parsed };
    } catch {
      body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    }
    const post: ResponseUrlPost = { id, body, at: Date.now() };
    responses.push(post);
    const call: SlackCall = {
      method: RESPONSE_URL_METHOD,
      params: body,
      at: post.at,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    };
    const nth = methodCounts.get(RESPONSE_URL_METHOD) ?? 0;
    methodCounts.set(RESPONSE_URL_METHOD, nth + 1);
    const reply = (await applyOverrides(RESPONSE_URL_METHOD, body, { call, nth, fallback: () => ({ ok: true }) })) ?? {
      body: { ok: true },
    };
    send(res, reply.status ?? 200, reply.body, reply.headers);
    events.emit('response', post);
  };

  const listening = await listenLocal((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin || 'http://127.0.0.1');
      const raw = await readBody(req);
      if (url.pathname.startsWith('/api/')) await handleApi(req, res, url, raw);
      else if (url.pathname.startsWith('/upload/')) await handleUpload(req, res, url, raw);
      else if (url.pathname.startsWith('/response/')) await handleResponseUrl(req, res, url, raw);
      else send(res, 404, `fake slack: no route for ${req.method ?? 'GET'} ${url.pathname}`);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, slackError('fake_slack_internal_error', { detail: String(error) }));
      else res.end();
    });
  }, options.port ?? 0);
  origin = listening.origin;

  const describeCalls = (): string => {
    if (calls.length === 0) return 'no calls';
    const recent = calls.slice(-40);
    const lines = recent.map(
      (c) =>
        `  ${c.method} ${preview(c.params, 200)}${c.response && c.response.ok === false ? ` -> ${preview(c.response, 80)}` : ''}`,
    );
    return `${calls.length} call(s)${calls.length > recent.length ? ` (last ${recent.length})` : ''}:\n${lines.join('\n')}`;
  };

  const matches = (
    method: string,
    predicate: ((params: Record<string, unknown>, call: SlackCall) => boolean) | undefined,
  ): SlackCall[] =>
    calls.filter((c) => c.method === method && c.status !== undefined && (!predicate || predicate(c.params, c)));

  const fake: FakeSlack = {
    url: `${origin}/api/`,
    origin,
    calls,
    uploads,
    responses,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitForCall: (method, predicate, timeoutMs = 5000) =>
      waitUntil(
        events,
        'call',
        () => matches(method, predicate)[0],
        timeoutMs,
        () =>
          `FakeSlack.waitForCall('${method}'${predicate ? ', <predicate>' : ''}) timed out after ${timeoutMs}ms; ${describeCalls()}`,
      ),
    waitForCalls: (method, count, predicate, timeoutMs = 5000) =>
      waitUntil(
        events,
        'call',
        () => {
          const found = matches(method, predicate);
          return found.length >= count ? found : undefined;
        },
        timeoutMs,
        () =>
          `FakeSlack.waitForCalls('${method}', ${count}) timed out after ${timeoutMs}ms with ${matches(method, predicate).length} matching; ${describeCalls()}`,
      ),
    on: (method, handler) => {
      const list = overrides.get(method) ?? [];
      list.push(handler);
      overrides.set(method, list);
      return () => {
        const current = overrides.get(method);
        const index = current?.indexOf(handler) ?? -1;
        if (current && index >= 0) current.splice(index, 1);
      };
    },
    responseUrl: (id) => {
      responseCounter += 1;
      return `${origin}/response/${encodeURIComponent(id ?? `r${responseCounter}`)}`;
    },
    waitForResponse: (predicate, timeoutMs = 5000) =>
      waitUntil(
        events,
        'response',
        () => responses.find((r) => !predicate || predicate(r)),
        timeoutMs,
        () =>
          `FakeSlack.waitForResponse timed out after ${timeoutMs}ms; ${responses.length} response_url post(s): ${responses
            .map((r) => `${r.id} ${preview(r.body, 160)}`)
            .join('; ')}`,
      ),
    messages: (channel) => {
      if (channel !== undefined) return [...(store.get(channelId(channel)) ?? [])];
      return [...store.values()].flat().sort((a, b) => Number(a.ts) - Number(b.ts));
    },
    message: (channel, ts) => findMessage(channelId(channel), ts),
    addMessage: (channel, seed) => {
      const { user, text, ts, thread_ts, ...rest } = seed;
      const message: FakeSlackMessage = {
        ...rest,
        type: 'message',
        channel: channelId(channel),
        ts: ts ?? nextTs(),
        text,
        user: user ?? 'U1',
      };
      if (thread_ts !== undefined) message.thread_ts = thread_ts;
      insertMessage(message);
      return message.ts;
    },
    nextTs,
    homeView: (userId) => homeViews.get(userId),
    view: (viewId) => views.get(viewId),
    channelId,
    reset: (resetOptions) => {
      calls.length = 0;
      uploads.length = 0;
      responses.length = 0;
      overrides.clear();
      methodCounts.clear();
      if (resetOptions?.state) {
        store.clear();
        views.clear();
        homeViews.clear();
        pendingUploads.clear();
      }
    },
    close: () => listening.close(),
  };
  return fake;
}
