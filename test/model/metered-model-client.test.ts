import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import { describe, expect, it } from 'vitest';
import { meteredModelClient } from '../../src/model/metered-model-client.js';
import type { ModelClient } from '../../src/model/model-client.js';
import { recordingMetrics } from '../support/recording-metrics.js';

const REQUEST = { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user' as const, content: 'hi' }] };

function replying(usage: Partial<Message['usage']>): ModelClient {
  return {
    createMessage: async (params) =>
      ({
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: params.model,
        content: [{ type: 'text', text: 'ok' }],
        usage: { input_tokens: 0, output_tokens: 0, ...usage },
      }) as unknown as Message,
  };
}

describe('meteredModelClient', () => {
  it('records the tokens of each call and its cost at the configured price of the model asked for', async () => {
    const metrics = recordingMetrics();
    const client = meteredModelClient(
      replying({
        input_tokens: 1_000_000,
        output_tokens: 100_000,
        cache_read_input_tokens: 2_000_000,
        cache_creation_input_tokens: null,
      }),
      metrics,
    );
    const reply = await client.createMessage(REQUEST, {});
    expect(reply.content).toEqual([{ type: 'text', text: 'ok' }]);
    // Haiku: $1 per M input, $5 per M output, $0.10 per M cache read.
    expect(metrics.events.modelCalled).toEqual([
      {
        model: 'claude-haiku-4-5',
        ok: true,
        tokens: { input: 1_000_000, output: 100_000, cacheRead: 2_000_000, cacheWrite: 0 },
        costUsd: expect.closeTo(1 + 0.5 + 0.2, 10),
      },
    ]);
  });

  it('records no cost for a model without a price, and a failed call as failed, passing its error on', async () => {
    const metrics = recordingMetrics();
    await meteredModelClient(replying({ input_tokens: 10, output_tokens: 1 }), metrics).createMessage(
      { ...REQUEST, model: 'claude-unpriced' },
      {},
    );
    const refused = new Error('overloaded');
    const failing = meteredModelClient({ createMessage: () => Promise.reject(refused) }, metrics);
    await expect(failing.createMessage(REQUEST, {})).rejects.toBe(refused);
    expect(metrics.events.modelCalled).toEqual([
      {
        model: 'claude-unpriced',
        ok: true,
        tokens: { input: 10, output: 1, cacheRead: 0, cacheWrite: 0 },
        costUsd: null,
      },
      { model: 'claude-haiku-4-5', ok: false },
    ]);
  });
});
