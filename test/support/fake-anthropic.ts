/**
 * A fake Anthropic Messages API on 127.0.0.1 for tests, good enough for `@anthropic-ai/sdk` 1.14.
 *
 * Point the SDK at it with `new Anthropic({ apiKey: 'test', baseURL: fake.url })` or
 * `ANTHROPIC_BASE_URL=fake.url` (no `/v1`: the SDK posts to `${base}/v1/messages`).
 *
 * How a request is answered, in order:
 * 1. the next one-shot reply queued with {@link FakeAnthropic.enqueue};
 * 2. the persistent responder set with {@link FakeAnthropic.respondWith};
 * 3. the default: a forced tool (`tool_choice: {type:'tool', name}`, or `any` with one tool)
 *    gets a `tool_use` block whose input comes from {@link FakeAnthropic.toolInput}; a structured
 *    output request (`output_config.format.type === 'json_schema'`) gets a text block holding
 *    `JSON.stringify(toolInput(...))`; anything else gets {@link FakeAnthropic.textReply}'s text.
 *    When the needed function is not set the fake answers 400 with a message naming what to set,
 *    and records that message in {@link FakeAnthropic.errors}.
 *
 * A function responder may return `undefined` to fall through to the next step.
 *
 * ```ts
 * const model = await startFakeAnthropic();
 * model.toolInput = () => ({ text: 'Hello!' });
 * model.enqueue(modelError(500));            // first call fails, the next one uses toolInput
 * model.enqueue(modelDelay(10_000));         // or: hangs for 10 s (timeout tests)
 * ```
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flattenHeaders, isRecord, listenLocal, preview, readBody, sleep, waitUntil } from './http-util.js';

/** The JSON body of a Messages API request, loosely typed (only what tests usually read). */
export interface ModelRequestBody {
  /** Model id. */
  model?: string;
  /** Output token cap. */
  max_tokens?: number;
  /** System prompt: a string or text blocks. */
  system?: string | Array<{ type: string; text?: string; [key: string]: unknown }>;
  /** Conversation turns. */
  messages?: Array<{ role: string; content: string | Array<{ type: string; text?: string; [key: string]: unknown }> }>;
  /** Tool definitions. */
  tools?: Array<{ name: string; description?: string; input_schema?: unknown; [key: string]: unknown }>;
  /** Tool choice, e.g. `{ type: 'tool', name: 'record' }`. */
  tool_choice?: { type: string; name?: string; [key: string]: unknown };
  /** Structured output config, e.g. `{ format: { type: 'json_schema', schema } }`. */
  output_config?: { format?: { type: string; schema?: unknown; [key: string]: unknown }; [key: string]: unknown };
  /** Streaming flag (the fake answers SSE when true). */
  stream?: boolean;
  /** Anything else the SDK sent. */
  [key: string]: unknown;
}

/** One request the fake received. */
export interface RecordedModelRequest {
  /** 1-based sequence number. */
  n: number;
  /** URL path (e.g. `/v1/messages`), without the query string. */
  path: string;
  /** Parsed JSON body. */
  body: ModelRequestBody;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Key from `x-api-key` or `Authorization: Bearer <key>`. */
  apiKey: string | undefined;
  /** `Date.now()` on arrival. */
  at: number;
  /** True when the client went away before the fake answered (timeouts, aborts). */
  aborted: boolean;
  /** The HTTP status answered (undefined while in flight or when aborted). */
  status?: number;
}

/** A content block the fake can answer with. */
export type ModelContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id?: string; name: string; input: unknown };

/** Token usage overrides for a reply. */
export interface ModelUsageOverride {
  /** Default: about request JSON length / 4. */
  input_tokens?: number;
  /** Default: about content JSON length / 4. */
  output_tokens?: number;
  /** Default 0. */
  cache_creation_input_tokens?: number;
  /** Default 0. */
  cache_read_input_tokens?: number;
}

/** A successful message reply, completed with id/model/usage when sent. */
export interface ModelMessageSpec {
  /** Content blocks. */
  content: ModelContentBlock[];
  /** Default `tool_use` when a tool_use block is present, else `end_turn`. */
  stop_reason?: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';
  /** Default the request's model. */
  model?: string;
  /** Usage overrides. */
  usage?: ModelUsageOverride;
}

/** How the fake answers one request. */
export interface FakeModelReply {
  /** Wait this long before answering (Infinity: never answer; the request hangs until the client gives up). */
  delayMs?: number;
  /** HTTP status; default 200. */
  status?: number;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** A message to send (completed with id, model, usage). Ignored when `body` is set. */
  message?: ModelMessageSpec;
  /** A raw JSON body to send as is. */
  body?: unknown;
}

/** A reply, or a function computing one from the request (`undefined`: fall through). */
export type FakeModelResponder =
  | FakeModelReply
  | ((request: RecordedModelRequest) => FakeModelReply | undefined | Promise<FakeModelReply | undefined>);

/** What the model is asked to fill: a forced tool or a structured output schema. */
export interface ToolRequestInfo {
  /** Tool name (for `output_config`, `output_config`). */
  name: string;
  /** The tool's `input_schema` or the output format's `schema`. */
  schema: unknown;
  /** Where the request asked for structure. */
  via: 'tool_choice' | 'output_config';
}

/** Produces a forced tool's input (or a structured output's JSON) for a request. */
export type ToolInputFn = (request: RecordedModelRequest, tool: ToolRequestInfo) => unknown;

/** Produces the text of a plain (non-forced) reply. */
export type TextReplyFn = (request: RecordedModelRequest) => string | Promise<string>;

/** The running fake Anthropic API. */
export interface FakeAnthropic {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** Every request, in arrival order (since the last reset). */
  requests: RecordedModelRequest[];
  /** Problems with the test's configuration (no toolInput, throwing responders); should stay empty. */
  errors: string[];
  /** Input for forced tools / structured outputs. Default: unset (answers 400 saying to set it). */
  toolInput: ToolInputFn | undefined;
  /** Text for plain requests. Default: unset (answers 400 saying to set it). */
  textReply: TextReplyFn | undefined;
  /** Resolves once at least `n` requests arrived; rejects after `timeoutMs` (default 5000). */
  waitForRequests(n: number, timeoutMs?: number): Promise<RecordedModelRequest[]>;
  /** Sets (or with `undefined` clears) the responder used when the queue is empty. */
  respondWith(responder: FakeModelResponder | undefined): void;
  /** Queues one-shot replies, used in order before anything else. */
  enqueue(...responders: FakeModelResponder[]): void;
  /** Clears requests, errors, the queue, the responder, toolInput and textReply. */
  reset(): void;
  /** Stops the server (hanging requests are cut off). */
  close(): Promise<void>;
}

/** Reply helper: a successful message with these content blocks. */
export function modelMessage(
  content: ModelContentBlock[],
  options: Omit<ModelMessageSpec, 'content'> = {},
): FakeModelReply {
  return { message: { content, ...options } };
}

/** Reply helper: plain text (`stop_reason: end_turn`). */
export function modelText(text: string, options: Omit<ModelMessageSpec, 'content'> = {}): FakeModelReply {
  return modelMessage([{ type: 'text', text }], options);
}

/** Reply helper: one `tool_use` block (`stop_reason: tool_use`). */
export function modelToolUse(
  name: string,
  input: unknown,
  options: Omit<ModelMessageSpec, 'content'> = {},
): FakeModelReply {
  return modelMessage([{ type: 'tool_use', name, input }], options);
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/**
 * Reply helper: an API error `{type:'error', error:{type, message}}`. For retryable statuses
 * (408, 409, 429, >= 500) it sets `retry-after-ms: 1` so SDK retries are instant; pass headers to change that.
 */
export function modelError(
  status = 500,
  type: string = ERROR_TYPES[status] ?? 'api_error',
  message = `fake anthropic error ${status}`,
  headers?: Record<string, string>,
): FakeModelReply {
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  return {
    status,
    headers: headers ?? (retryable ? { 'retry-after-ms': '1' } : {}),
    body: { type: 'error', error: { type, message }, request_id: `req_fake_${status}` },
  };
}

/** Reply helper: answer `reply` (default: the normal default behaviour's answer) after `ms`. */
export function modelDelay(ms: number, reply?: FakeModelReply): FakeModelReply {
  return { ...(reply ?? {}), delayMs: ms };
}

/** Reply helper: never answer (the client's timeout or abort ends the request). */
export function modelHang(): FakeModelReply {
  return { delayMs: Number.POSITIVE_INFINITY };
}

/** The system prompt of a request as one string. */
export function systemText(request: RecordedModelRequest): string {
  const system = request.body.system;
  if (system === undefined) return '';
  if (typeof system === 'string') return system;
  return system.map((b) => b.text ?? '').join('\n');
}

/** All text of a request's messages (every turn, text blocks and tool results), joined by newlines. */
export function messagesText(request: RecordedModelRequest): string {
  const parts: string[] = [];
  for (const message of request.body.messages ?? []) {
    if (typeof message.content === 'string') {
      parts.push(message.content);
      continue;
    }
    for (const block of message.content) {
      if (typeof block.text === 'string') parts.push(block.text);
      else if (block.type === 'tool_result')
        parts.push(typeof block.content === 'string' ? block.content : JSON.stringify(block.content));
      else if (block.type === 'document' && isRecord(block.source) && typeof block.source.data === 'string')
        parts.push(block.source.data);
    }
  }
  return parts.join('\n');
}

/** System prompt + messages text: everything the model was shown. */
export function promptText(request: RecordedModelRequest): string {
  return `${systemText(request)}\n${messagesText(request)}`;
}

/** The forced tool's name, if the request forces one. */
export function forcedToolName(request: RecordedModelRequest): string | undefined {
  const choice = request.body.tool_choice;
  if (choice?.type === 'tool' && typeof choice.name === 'string') return choice.name;
  const tools = request.body.tools ?? [];
  if (choice?.type === 'any' && tools.length === 1) return tools[0]?.name;
  return undefined;
}

function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil((JSON.stringify(value) ?? '').length / 4));
}

/** Starts the fake Anthropic API on 127.0.0.1. */
export async function startFakeAnthropic(options: { port?: number } = {}): Promise<FakeAnthropic> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const requests: RecordedModelRequest[] = [];
  const errors: string[] = [];
  const queue: FakeModelResponder[] = [];
  let persistent: FakeModelResponder | undefined;
  let counter = 0;
  let idCounter = 0;

  const configError = (message: string): FakeModelReply => {
    errors.push(message);
    return modelError(400, 'invalid_request_error', message);
  };

  const defaultReply = async (request: RecordedModelRequest): Promise<FakeModelReply> => {
    const body = request.body;
    const forced = forcedToolName(request);
    const format = body.output_config?.format;
    if (forced !== undefined) {
      const schema = body.tools?.find((t) => t.name === forced)?.input_schema;
      if (!fake.toolInput) {
        return configError(
          `FakeAnthropic: request #${request.n} forces tool '${forced}' but no toolInput is set; set fake.toolInput = (request, tool) => ({...}) in the test (or enqueue a reply)`,
        );
      }
      return modelToolUse(forced, await fake.toolInput(request, { name: forced, schema, via: 'tool_choice' }));
    }
    if (format?.type === 'json_schema') {
      if (!fake.toolInput) {
        return configError(
          `FakeAnthropic: request #${request.n} asks for structured output (output_config json_schema) but no toolInput is set; set fake.toolInput in the test (or enqueue a reply)`,
        );
      }
      const value = await fake.toolInput(request, {
        name: 'output_config',
        schema: format.schema,
        via: 'output_config',
      });
      return modelText(JSON.stringify(value));
    }
    if (!fake.textReply) {
      return configError(
        `FakeAnthropic: request #${request.n} is a plain request (no forced tool) and no textReply is set; set fake.textReply = (request) => '...' in the test (or enqueue a reply)`,
      );
    }
    return modelText(await fake.textReply(request));
  };

  const resolveReply = async (request: RecordedModelRequest): Promise<FakeModelReply> => {
    const candidates: FakeModelResponder[] = [];
    const queued = queue.shift();
    if (queued !== undefined) candidates.push(queued);
    if (persistent !== undefined) candidates.push(persistent);
    for (const responder of candidates) {
      const reply = typeof responder === 'function' ? await responder(request) : responder;
      if (reply === undefined) continue;
      if (reply.delayMs === Number.POSITIVE_INFINITY) return reply;
      if (reply.message === undefined && reply.body === undefined && (reply.status ?? 200) === 200) {
        // e.g. modelDelay(ms) without a reply: delay the default answer.
        return { ...(await defaultReply(request)), ...reply };
      }
      return reply;
    }
    return defaultReply(request);
  };

  const completeMessage = (request: RecordedModelRequest, spec: ModelMessageSpec): Record<string, unknown> => {
    const content = spec.content.map((block) => {
      if (block.type !== 'tool_use') return { ...block };
      idCounter += 1;
      return {
        type: 'tool_use',
        id: block.id ?? `toolu_fake_${String(idCounter).padStart(6, '0')}`,
        name: block.name,
        input: block.input,
      };
    });
    idCounter += 1;
    const { messages, system, tools } = request.body;
    return {
      id: `msg_fake_${String(idCounter).padStart(6, '0')}`,
      type: 'message',
      role: 'assistant',
      model: spec.model ?? request.body.model ?? 'claude-haiku-4-5',
      content,
      stop_reason: spec.stop_reason ?? (content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn'),
      stop_sequence: null,
      stop_details: null,
      container: null,
      usage: {
        input_tokens: spec.usage?.input_tokens ?? estimateTokens({ messages, system, tools }),
        output_tokens: spec.usage?.output_tokens ?? estimateTokens(content),
        cache_creation_input_tokens: spec.usage?.cache_creation_input_tokens ?? 0,
        cache_read_input_tokens: spec.usage?.cache_read_input_tokens ?? 0,
        cache_creation: null,
        server_tool_use: null,
        service_tier: 'standard',
      },
    };
  };

  const writeSse = (res: ServerResponse, message: Record<string, unknown>, headers: Record<string, string>): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...headers });
    const emit = (type: string, data: Record<string, unknown>): void => {
      res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
    };
    const content = Array.isArray(message.content) ? (message.content as Array<Record<string, unknown>>) : [];
    const usage = isRecord(message.usage) ? message.usage : {};
    emit('message_start', {
      message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } },
    });
    content.forEach((block, index) => {
      if (block.type === 'tool_use') {
        emit('content_block_start', { index, content_block: { ...block, input: {} } });
        emit('content_block_delta', {
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
        });
      } else {
        emit('content_block_start', { index, content_block: { type: 'text', text: '' } });
        emit('content_block_delta', { index, delta: { type: 'text_delta', text: String(block.text ?? '') } });
      }
      emit('content_block_stop', { index });
    });
    emit('message_delta', {
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: { output_tokens: usage.output_tokens ?? 1 },
    });
    emit('message_stop', {});
    res.end();
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${counter}`, ...headers });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const headers = flattenHeaders(req);
    if (req.method !== 'POST' || (url.pathname !== '/v1/messages' && url.pathname !== '/v1/messages/count_tokens')) {
      sendJson(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: `fake anthropic: no route ${req.method ?? ''} ${url.pathname}` },
      });
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } });
      return;
    }
    const body: ModelRequestBody = isRecord(parsed) ? (parsed as ModelRequestBody) : {};
    if (url.pathname === '/v1/messages/count_tokens') {
      sendJson(res, 200, {
        input_tokens: estimateTokens({ messages: body.messages, system: body.system, tools: body.tools }),
      });
      return;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    counter += 1;
    const request: RecordedModelRequest = {
      n: counter,
      path: url.pathname,
      body,
      headers,
      apiKey: headers['x-api-key'] ?? bearer,
      at: Date.now(),
      aborted: false,
    };
    requests.push(request);
    events.emit('request', request);

    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) {
        request.aborted = true;
        abort.abort();
      }
    });

    let reply: FakeModelReply;
    try {
      reply = await resolveReply(request);
    } catch (error) {
      reply = configError(
        `FakeAnthropic: responder for request #${request.n} threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      const completed = await sleep(reply.delayMs, abort.signal);
      if (!completed) return;
    }
    if (abort.signal.aborted) return;
    const status = reply.status ?? 200;
    request.status = status;
    if (reply.body !== undefined || reply.message === undefined) {
      sendJson(res, status, reply.body ?? {}, reply.headers);
    } else {
      const message = completeMessage(request, reply.message);
      if (body.stream === true && status === 200) writeSse(res, message, reply.headers ?? {});
      else sendJson(res, status, message, reply.headers);
    }
    events.emit('answered', request);
  };

  const listening = await listenLocal((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(error) } });
      else res.end();
    });
  }, options.port ?? 0);

  const fake: FakeAnthropic = {
    url: listening.origin,
    requests,
    errors,
    toolInput: undefined,
    textReply: undefined,
    waitForRequests: (n, timeoutMs = 5000) =>
      waitUntil(
        events,
        'request',
        () => (requests.length >= n ? [...requests] : undefined),
        timeoutMs,
        () =>
          `FakeAnthropic.waitForRequests(${n}) timed out after ${timeoutMs}ms; ${requests.length} request(s): ${requests
            .map((r) => `#${r.n} ${r.body.model ?? '?'} tool_choice=${preview(r.body.tool_choice, 60)}`)
            .join('; ')}`,
      ),
    respondWith: (responder) => {
      persistent = responder;
    },
    enqueue: (...responders) => {
      queue.push(...responders);
    },
    reset: () => {
      requests.length = 0;
      errors.length = 0;
      queue.length = 0;
      persistent = undefined;
      fake.toolInput = undefined;
      fake.textReply = undefined;
    },
    close: () => listening.close(),
  };
  return fake;
}
