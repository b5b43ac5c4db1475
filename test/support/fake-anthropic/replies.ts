import type { FakeModelReply, ModelContentBlock, ModelMessageSpec } from './types.js';

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
