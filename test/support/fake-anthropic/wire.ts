import type { ServerResponse } from 'node:http';
import { isRecord } from '../http-util.js';
import type { ModelMessageSpec, RecordedModelRequest } from './types.js';

/** About a quarter of the JSON length: the fake's token count. */
export function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil((JSON.stringify(value) ?? '').length / 4));
}

/**
 * A Messages API `message` for a reply: ids for the message and its tool_use blocks (from
 * `nextId`), the model, the stop reason and the usage, each unless the reply gives its own.
 */
export function completeMessage(
  request: RecordedModelRequest,
  spec: ModelMessageSpec,
  nextId: () => number,
): Record<string, unknown> {
  const content = spec.content.map((block) => {
    if (block.type !== 'tool_use') return { ...block };
    const id = block.id ?? `toolu_fake_${String(nextId()).padStart(6, '0')}`;
    return { type: 'tool_use', id, name: block.name, input: block.input };
  });
  const { messages, system, tools } = request.body;
  return {
    id: `msg_fake_${String(nextId()).padStart(6, '0')}`,
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
}

/** Streams a completed message as the Messages API's server-sent events, one delta per content block. */
export function writeSse(res: ServerResponse, message: Record<string, unknown>, headers: Record<string, string>): void {
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
}
