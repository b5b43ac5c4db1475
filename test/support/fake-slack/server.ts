import { listenLocal, preview, readBody, waitUntil } from '../http-util.js';
import { registerApiRoute } from './api-route.js';
import { registerChatMethods } from './chat.js';
import { registerConversationMethods } from './conversations.js';
import { FakeSlackCore, send } from './core.js';
import { registerFileMethods } from './files.js';
import { CallRecorder } from './recorder.js';
import type { FakeSlackHandler } from './replies.js';
import { slackError } from './replies.js';
import { registerResponseUrls } from './response-url.js';
import { SharedFiles } from './shared-files.js';
import { FakeSlackState } from './state.js';
import type {
  FakeSlackMessage,
  FakeSlackOptions,
  FakeSlackUpload,
  FileDownload,
  ResponseUrlPost,
  SeedMessage,
  SharedFileInput,
  SlackCall,
} from './types.js';
import { registerUserMethods } from './users.js';
import { registerViewMethods } from './views.js';

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
  /** A file someone shared: its file object (for a message event's `files`), its bytes served at its `url_private`. */
  shareFile(file: SharedFileInput): Record<string, unknown>;
  /** Downloads of shared files, with the Authorization header each carried (since the last reset). */
  fileDownloads: FileDownload[];
  /** Clears calls, overrides, uploads and responses; with `{ state: true }` also messages and views. */
  reset(options?: { state?: boolean }): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the fake Slack Web API on 127.0.0.1. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const core = new FakeSlackCore(new FakeSlackState(options), new CallRecorder());
  for (const register of [
    registerApiRoute,
    registerChatMethods,
    registerConversationMethods,
    registerUserMethods,
    registerViewMethods,
    registerFileMethods,
    registerResponseUrls,
  ]) {
    register(core);
  }
  const shared = new SharedFiles(core);
  const listening = await listenLocal((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', core.state.origin || 'http://127.0.0.1');
      const raw = await readBody(req);
      const route = core.routeFor(url.pathname);
      if (route) await route(req, res, url, raw);
      else send(res, 404, `fake slack: no route for ${req.method ?? 'GET'} ${url.pathname}`);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, slackError('fake_slack_internal_error', { detail: String(error) }));
      else res.end();
    });
  }, options.port ?? 0);
  core.state.origin = listening.origin;
  return fakeSlackOf(core, shared, () => listening.close());
}

/** The test's handle on a started fake. */
function fakeSlackOf(core: FakeSlackCore, shared: SharedFiles, close: () => Promise<void>): FakeSlack {
  const { state, recorder } = core;
  let responseCounter = 0;
  return {
    url: `${state.origin}/api/`,
    origin: state.origin,
    calls: recorder.calls,
    uploads: state.uploads,
    responses: state.responses,
    callsTo: (method) => recorder.calls.filter((c) => c.method === method),
    waitForCall: (method, predicate, timeoutMs = 5000) => recorder.waitForCall(method, predicate, timeoutMs),
    waitForCalls: (method, count, predicate, timeoutMs = 5000) =>
      recorder.waitForCalls(method, count, predicate, timeoutMs),
    on: (method: string, handler: FakeSlackHandler) => recorder.on(method, handler),
    responseUrl: (id) => {
      responseCounter += 1;
      return `${state.origin}/response/${encodeURIComponent(id ?? `r${responseCounter}`)}`;
    },
    waitForResponse: (predicate, timeoutMs = 5000) =>
      waitUntil(
        recorder.events,
        'response',
        () => state.responses.find((r) => !predicate || predicate(r)),
        timeoutMs,
        () =>
          `FakeSlack.waitForResponse timed out after ${timeoutMs}ms; ${state.responses.length} response_url post(s): ${state.responses
            .map((r) => `${r.id} ${preview(r.body, 160)}`)
            .join('; ')}`,
      ),
    messages: (channel) =>
      channel === undefined ? state.messages.all() : [...state.messages.in(state.channelId(channel))],
    message: (channel, ts) => state.messages.find(state.channelId(channel), ts),
    addMessage: (channel, seed) => addMessage(state, channel, seed),
    nextTs: () => state.nextTs(),
    homeView: (userId) => state.homeViews.get(userId),
    view: (viewId) => state.views.get(viewId),
    channelId: (nameOrId) => state.channelId(nameOrId),
    shareFile: (file) => shared.share(file),
    fileDownloads: shared.downloads,
    reset: (resetOptions) => {
      recorder.reset();
      shared.downloads.length = 0;
      state.clear(resetOptions?.state === true);
    },
    close,
  };
}

/** Stores a seeded (human) message; its ts. */
function addMessage(state: FakeSlackState, channel: string, seed: SeedMessage): string {
  const { user, text, ts, thread_ts, ...rest } = seed;
  const message: FakeSlackMessage = {
    ...rest,
    type: 'message',
    channel: state.channelId(channel),
    ts: ts ?? state.nextTs(),
    text,
    user: user ?? 'U1',
  };
  if (thread_ts !== undefined) message.thread_ts = thread_ts;
  state.messages.insert(message);
  return message.ts;
}
