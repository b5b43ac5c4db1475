/** The records and options of the fake Slack Web API (see `../fake-slack.ts`). */

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

/** A file announced by files.getUploadURLExternal, waiting for its bytes and its completion. */
export interface PendingUpload {
  file_id: string;
  filename: string;
  length: number;
  snippet_type?: string;
  alt_text?: string;
  content?: Buffer;
}

/** A file people shared in Slack, for {@link FakeSlack.shareFile}: the fake serves its bytes at its `url_private`. */
export interface SharedFileInput {
  /** File name, e.g. `invoice.pdf`. */
  name: string;
  /** The bytes served (a string is UTF-8). */
  content: Buffer | string;
  /** Default from the name's extension (`application/octet-stream` when unknown). */
  mimetype?: string;
  /** Slack's filetype; default the name's extension. */
  filetype?: string;
  /** The size the file object declares; default the content's length (declare more to test caps without the bytes). */
  size?: number;
  /** Answer downloads with this HTTP status instead of the bytes (e.g. 404, 500). */
  status?: number;
}

/** A download of a shared file's url_private, as the fake received it. */
export interface FileDownload {
  file_id: string;
  /** The raw `Authorization` header (undefined when absent: Slack then serves its sign-in page). */
  authorization: string | undefined;
  status: number;
}
