import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAnthropic } from '../support/fake-anthropic.js';
import {
  forcedToolName,
  modelDelay,
  modelError,
  modelHang,
  modelText,
  promptText,
  startFakeAnthropic,
} from '../support/fake-anthropic.js';

describe('fake Anthropic with the real SDK', () => {
  let model: FakeAnthropic;
  let anthropic: Anthropic;

  beforeAll(async () => {
    model = await startFakeAnthropic();
    anthropic = new Anthropic({ apiKey: 'test', baseURL: model.url, maxRetries: 0 });
  });
  afterAll(async () => {
    await model.close();
  });
  beforeEach(() => {
    model.reset();
  });

  const ask = (): Promise<Anthropic.Message> =>
    anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      system: 'You draft replies.',
      messages: [{ role: 'user', content: 'Customer asks about refunds' }],
      tools: [
        {
          name: 'record',
          description: 'Record it',
          input_schema: { type: 'object', properties: { text: { type: 'string' } } },
        },
      ],
      tool_choice: { type: 'tool', name: 'record' },
    });

  it('answers a forced tool with toolInput', async () => {
    model.toolInput = (request, tool) => ({ text: `${tool.name}: ${request.body.model ?? ''}` });
    const message = await ask();
    expect(message.stop_reason).toBe('tool_use');
    const block = message.content[0];
    expect(block?.type).toBe('tool_use');
    if (block?.type === 'tool_use') {
      expect(block.name).toBe('record');
      expect(block.input).toEqual({ text: 'record: claude-haiku-4-5' });
    }
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    const [request] = await model.waitForRequests(1);
    expect(request?.apiKey).toBe('test');
    expect(request?.headers['anthropic-version']).toBeDefined();
    expect(request && forcedToolName(request)).toBe('record');
    expect(request && promptText(request)).toContain('Customer asks about refunds');
    expect(model.errors).toEqual([]);
  });

  it('explains a missing toolInput', async () => {
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(String((error as Error).message)).toMatch(/toolInput/);
    expect(model.errors).toHaveLength(1);
  });

  it('surfaces a 500 as an APIError', async () => {
    model.enqueue(modelError(500));
    const error = await ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(500);
  });

  it('retries through a queued 529 then answers with text', async () => {
    const retrying = new Anthropic({ apiKey: 'test', baseURL: model.url, maxRetries: 1 });
    model.enqueue(modelError(529), modelText('Hello there'));
    const message = await retrying.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello there' });
    expect(model.requests).toHaveLength(2);
  });

  it('answers structured outputs (output_config json_schema) from toolInput', async () => {
    const { zodOutputFormat } = await import('@anthropic-ai/sdk/helpers/zod');
    const { z } = await import('zod');
    model.toolInput = (_request, tool) => (tool.via === 'output_config' ? { label: 'refund', confidence: 0.9 } : {});
    const parsed = await anthropic.messages.parse({
      model: 'claude-haiku-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'classify' }],
      output_config: { format: zodOutputFormat(z.object({ label: z.string(), confidence: z.number() })) },
    });
    expect(parsed.parsed_output).toEqual({ label: 'refund', confidence: 0.9 });
  });

  it('streams a reply', async () => {
    model.textReply = () => 'streamed text';
    const stream = anthropic.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'streamed text' });
  });

  it('delays and hangs for timeout tests', async () => {
    model.toolInput = () => ({ text: 'late' });
    model.enqueue(modelDelay(50));
    const started = Date.now();
    const late = await ask();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(late.stop_reason).toBe('tool_use');

    model.enqueue(modelHang());
    const quick = new Anthropic({ apiKey: 'test', baseURL: model.url, maxRetries: 0, timeout: 100 });
    const error = await quick.messages
      .create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIConnectionTimeoutError);
    await expect.poll(() => model.requests.at(-1)?.aborted).toBe(true);
  });
});
