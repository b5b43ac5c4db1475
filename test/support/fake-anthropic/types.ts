/** The requests, replies and handle of the fake Anthropic Messages API (see `../fake-anthropic.ts`). */

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
