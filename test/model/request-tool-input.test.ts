import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CoworkerError } from '../../src/errors.js';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import type { ModelClient } from '../../src/model/model-client.js';
import { parseResponse } from '../../src/model/parse-response.js';
import { requestToolInput } from '../../src/model/request-tool-input.js';

const Schema = z.object({ text: z.string() });
const request: MessageCreateParamsNonStreaming = {
  model: 'm',
  max_tokens: 10,
  messages: [{ role: 'user', content: 'hi' }],
  tools: [],
  tool_choice: { type: 'tool', name: ARTIFACT_TOOL },
};

function reply(input: unknown, stop: Message['stop_reason'] = 'tool_use'): Message {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'm',
    stop_reason: stop,
    stop_sequence: null,
    container: null,
    content: [{ type: 'tool_use', id: 'toolu_1', name: ARTIFACT_TOOL, input, caller: { type: 'direct' } }],
    usage: {
      input_tokens: 10,
      output_tokens: 5,
      cache_creation_input_tokens: 2,
      cache_read_input_tokens: null,
      cache_creation: null,
      server_tool_use: null,
      service_tier: null,
      inference_geo: null,
    },
  } as unknown as Message;
}

function scripted(...answers: Array<Message | Error>): ModelClient & { calls: MessageCreateParamsNonStreaming[] } {
  const calls: MessageCreateParamsNonStreaming[] = [];
  return {
    calls,
    async createMessage(params) {
      calls.push(structuredClone(params));
      const next = answers.shift();
      if (!next) throw new Error('no more scripted answers');
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

const options = () => {
  const usage: unknown[] = [];
  return {
    usage,
    signal: new AbortController().signal,
    timeoutMs: 1000,
    onUsage: async (u: unknown) => void usage.push(u),
  };
};

describe('parseResponse', () => {
  it('returns the validated tool input', () => {
    expect(parseResponse(reply({ text: 'ok' }), Schema, ARTIFACT_TOOL)).toEqual({
      ok: true,
      content: { text: 'ok' },
      toolUseId: 'toolu_1',
    });
  });
  it('explains schema problems by path, and a cut-off answer', () => {
    const parsed = parseResponse(reply({ text: 5 }, 'max_tokens'), Schema, ARTIFACT_TOOL);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(/^text: .*expected string.*cut off at limits\.max_tokens/);
  });
  it('reports an answer without the tool', () => {
    const message = { ...reply({}), content: [{ type: 'text', text: 'hello', citations: null }] } as unknown as Message;
    expect(parseResponse(message, Schema, ARTIFACT_TOOL)).toMatchObject({ ok: false, toolUseId: undefined });
  });
});

describe('requestToolInput', () => {
  it('retries once with the validation error as a tool_result, then succeeds; usage of both calls is reported', async () => {
    const client = scripted(reply({ wrong: true }), reply({ text: 'fixed' }));
    const o = options();
    await expect(requestToolInput(client, request, Schema, o)).resolves.toEqual({ text: 'fixed' });
    expect(client.calls).toHaveLength(2);
    const retry = client.calls[1]!.messages;
    expect(retry).toHaveLength(3);
    expect(JSON.stringify(retry[2])).toContain('"is_error":true');
    expect(JSON.stringify(retry[2])).toContain('text:');
    expect(o.usage).toEqual([
      { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 2, cache_read_input_tokens: 0 },
      { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 2, cache_read_input_tokens: 0 },
    ]);
  });

  it('fails with model_output_invalid after the second invalid answer', async () => {
    const client = scripted(reply({}), reply({ text: 1 }), reply({ text: 'never asked' }));
    const error = await requestToolInput(client, request, Schema, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoworkerError);
    expect((error as CoworkerError).code).toBe('model_output_invalid');
    expect(client.calls).toHaveLength(2);
  });

  it('turns SDK errors into plain words', async () => {
    const apiError = Anthropic.APIError.generate(
      429,
      { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
      'slow down',
      new Headers(),
    );
    const error = await requestToolInput(scripted(apiError), request, Schema, options()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model_failed', category: 'upstream' });
    expect((error as Error).message).toMatch(/rate-limiting/);
  });

  it('reports our own deadline as run_timeout', async () => {
    const controller = new AbortController();
    controller.abort(new CoworkerError('run_timeout', 'the agent took longer than its limit of 1s (limits.timeout).'));
    const error = await requestToolInput(scripted(new Anthropic.APIUserAbortError()), request, Schema, {
      ...options(),
      signal: controller.signal,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'run_timeout' });
  });
});
