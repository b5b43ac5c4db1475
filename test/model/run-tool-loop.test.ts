import type {
  ContentBlock,
  Message,
  MessageCreateParamsNonStreaming,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CoworkerError } from '../../src/errors.js';
import { ARTIFACT_TOOL } from '../../src/model/build-request.js';
import type { ModelClient } from '../../src/model/model-client.js';
import {
  nextTurnRequest,
  runToolLoop,
  type ToolCallRecord,
  type ToolLoopOptions,
} from '../../src/model/run-tool-loop.js';
import { type QualifiedTool, ToolNameMap } from '../../src/model/tool-names.js';

const Schema = z.object({ text: z.string() });
const request: MessageCreateParamsNonStreaming = {
  model: 'm',
  max_tokens: 10,
  system: [{ type: 'text', text: 'stable', cache_control: { type: 'ephemeral' } }],
  messages: [{ role: 'user', content: 'hi' }],
  tools: [
    { name: 'crm__search', input_schema: { type: 'object' } },
    { name: ARTIFACT_TOOL, input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } },
  ],
  tool_choice: { type: 'any' },
};

let ids = 0;
function use(name: string, input: unknown): ContentBlock {
  ids += 1;
  return { type: 'tool_use', id: `toolu_${ids}`, name, input, caller: { type: 'direct' } } as ContentBlock;
}

function reply(...content: ContentBlock[]): Message {
  return {
    id: 'msg',
    type: 'message',
    role: 'assistant',
    model: 'm',
    stop_reason: 'tool_use',
    stop_sequence: null,
    container: null,
    content,
    usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  } as unknown as Message;
}

/** A model that answers from a script, then keeps giving `fallback` (when set). */
function scripted(
  answers: Message[],
  fallback?: () => Message,
): ModelClient & { calls: MessageCreateParamsNonStreaming[] } {
  const calls: MessageCreateParamsNonStreaming[] = [];
  return {
    calls,
    async createMessage(params, { signal }) {
      calls.push(structuredClone(params));
      const next = answers.shift() ?? fallback?.();
      if (next) return next;
      // No answer: wait for the caller's deadline, as a hanging API would.
      return new Promise<Message>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));
    },
  };
}

function loopOptions(overrides: Partial<ToolLoopOptions> = {}) {
  const executed: Array<{ tool: QualifiedTool; args: Record<string, unknown> }> = [];
  const records: ToolCallRecord[] = [];
  const usage: unknown[] = [];
  const options: ToolLoopOptions = {
    signal: new AbortController().signal,
    timeoutMs: 1000,
    onUsage: async (u) => {
      usage.push(u);
    },
    names: new ToolNameMap([{ server: 'crm', tool: 'search' }]),
    maxToolCalls: 10,
    executeRead: async (tool, args) => {
      executed.push({ tool, args });
      return { isError: false, text: `found ${JSON.stringify(args)}` };
    },
    onToolCall: async (record) => {
      records.push(record);
    },
    ...overrides,
  };
  return { options, executed, records, usage };
}

function toolResults(params: MessageCreateParamsNonStreaming | undefined): ToolResultBlockParam[] {
  const last = params?.messages[params.messages.length - 1];
  if (!last || typeof last.content === 'string') return [];
  return (last.content as Array<{ type: string }>).filter((b): b is ToolResultBlockParam => b.type === 'tool_result');
}

describe('runToolLoop', () => {
  it('executes a read call, gives its result back quoted, and returns the artifact; usage of every call is counted', async () => {
    const model = scripted([reply(use('crm__search', { q: 'Ada' })), reply(use(ARTIFACT_TOOL, { text: 'Hi Ada' }))]);
    const { options, executed, records, usage } = loopOptions();
    await expect(runToolLoop(model, request, Schema, options)).resolves.toEqual({ text: 'Hi Ada' });
    expect(executed).toEqual([{ tool: { server: 'crm', tool: 'search' }, args: { q: 'Ada' } }]);
    const [result] = toolResults(model.calls[1]);
    expect(result?.is_error).toBeUndefined();
    expect(result?.content).toBe('<tool_result tool="crm.search">\nfound {"q":"Ada"}\n</tool_result>');
    expect(records).toEqual([
      expect.objectContaining({
        server: 'crm',
        tool: 'search',
        arguments: { q: 'Ada' },
        resultChars: 17,
        refused: false,
      }),
    ]);
    expect(usage).toHaveLength(2);
  });

  it('never executes a tool it was not given (a write tool, an invented name): the model gets an error result', async () => {
    const model = scripted([
      reply(use('crm__update_contact', { id: 1, email: 'x@evil.example' }), use('shell__exec', { cmd: 'rm' })),
      reply(use(ARTIFACT_TOOL, { text: 'done' })),
    ]);
    const { options, executed, records } = loopOptions();
    await runToolLoop(model, request, Schema, options);
    expect(executed).toEqual([]);
    const results = toolResults(model.calls[1]);
    expect(results.map((r) => r.is_error)).toEqual([true, true]);
    expect(String(results[0]?.content)).toMatch(/^crm\.update_contact is not available during this run/);
    expect(records.map((r) => [r.server, r.tool, r.refused])).toEqual([
      ['crm', 'update_contact', true],
      ['shell', 'exec', true],
    ]);
  });

  it('gives an error result of the server back to the model as is_error, quoted', async () => {
    const model = scripted([reply(use('crm__search', {})), reply(use(ARTIFACT_TOOL, { text: 'none found' }))]);
    const { options, records } = loopOptions({
      executeRead: async () => ({ isError: true, text: 'no <such> contact' }),
    });
    await runToolLoop(model, request, Schema, options);
    const [result] = toolResults(model.calls[1]);
    expect(result).toMatchObject({ is_error: true, content: expect.stringContaining('no &lt;such&gt; contact') });
    expect(records[0]?.error).toBe('no <such> contact');
  });

  it('forces the artifact after limits.tool_calls calls; calls over the limit in one answer are not run', async () => {
    // A model that would look things up forever: two calls per answer.
    const model = scripted([], () => reply(use('crm__search', { q: 1 }), use('crm__search', { q: 2 })));
    const { options, executed } = loopOptions({ maxToolCalls: 3 });
    const error = await runToolLoop(model, request, Schema, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoworkerError);
    expect((error as CoworkerError).code).toBe('model_output_invalid');
    expect(executed).toHaveLength(3);
    expect(model.calls.map((c) => c.tool_choice)).toEqual([
      { type: 'any' },
      { type: 'any' },
      { type: 'tool', name: ARTIFACT_TOOL },
      { type: 'tool', name: ARTIFACT_TOOL },
    ]);
    // Bounded: at most limits.tool_calls + the output retry + 1 model calls, whatever the model does.
    expect(model.calls.length).toBeLessThanOrEqual(3 + 1 + 1);
    expect(String(toolResults(model.calls[2])[1]?.content)).toMatch(/limit of 3 tool calls \(limits.tool_calls\)/);
  });

  it('with limits.tool_calls 0 runs nothing and forces the artifact from the first call', async () => {
    const model = scripted([reply(use(ARTIFACT_TOOL, { text: 'x' }))]);
    const { options } = loopOptions({ maxToolCalls: 0 });
    await runToolLoop(model, request, Schema, options);
    expect(model.calls[0]?.tool_choice).toEqual({ type: 'tool', name: ARTIFACT_TOOL });
  });

  it('stops at the deadline while a tool call hangs, with the deadline as the reason', async () => {
    const model = scripted([reply(use('crm__search', {}))]);
    const controller = new AbortController();
    const timeout = new CoworkerError('run_timeout', 'the agent took longer than its limit of 0.1s (limits.timeout).');
    setTimeout(() => controller.abort(timeout), 100);
    const { options } = loopOptions({
      signal: controller.signal,
      executeRead: () => new Promise(() => undefined),
    });
    const started = Date.now();
    await expect(runToolLoop(model, request, Schema, options)).rejects.toBe(timeout);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('retries an invalid artifact once with its validation error, like requestToolInput', async () => {
    const model = scripted([reply(use(ARTIFACT_TOOL, { text: 3 })), reply(use(ARTIFACT_TOOL, { text: 'ok' }))]);
    const { options } = loopOptions();
    await expect(runToolLoop(model, request, Schema, options)).resolves.toEqual({ text: 'ok' });
    expect(toolResults(model.calls[1])[0]).toMatchObject({
      is_error: true,
      content: expect.stringMatching(/^Invalid input: text:/),
    });
  });
});

describe('nextTurnRequest', () => {
  it('keeps tools and system as they are (the cached prefix) and marks only the last turn for caching', () => {
    const messages = [
      { role: 'user' as const, content: 'hi' },
      { role: 'assistant' as const, content: [use('crm__search', {})] },
      {
        role: 'user' as const,
        content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_x', content: 'r' }],
      },
    ];
    const next = nextTurnRequest(request, messages, false);
    expect(next.tools).toBe(request.tools);
    expect(next.system).toBe(request.system);
    expect(next.tool_choice).toEqual({ type: 'any' });
    expect(next.messages[0]).toEqual({ role: 'user', content: 'hi' });
    expect(next.messages[2]).toEqual({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'r', cache_control: { type: 'ephemeral' } }],
    });
    expect(messages[2]?.content).toEqual([{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'r' }]);
    expect(nextTurnRequest(request, messages, true).tool_choice).toEqual({ type: 'tool', name: ARTIFACT_TOOL });
  });
});
