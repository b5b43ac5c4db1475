import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import type { ModelClient } from '../../src/model/model-client.js';

/** A model client that answers every request by calling the artifact tool with `input`, and keeps the requests. */
export function answeringModel(input: unknown): ModelClient & { requests: MessageCreateParamsNonStreaming[] } {
  const requests: MessageCreateParamsNonStreaming[] = [];
  return {
    requests,
    async createMessage(params) {
      requests.push(structuredClone(params));
      return {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: params.model,
        stop_reason: 'tool_use',
        stop_sequence: null,
        container: null,
        content: [{ type: 'tool_use', id: 'toolu_1', name: ARTIFACT_TOOL, input, caller: { type: 'direct' } }],
        usage: { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      } as unknown as Message;
    },
  };
}
