import { costOf } from '../config/models.js';
import type { Metrics } from '../metrics/metrics.js';
import { type ModelClient, usageOf } from './model-client.js';

/**
 * The same client, with every call's tokens and cost (at the configured prices, for the model
 * asked for) recorded in `metrics`: runs, correction extraction and anything else that calls
 * the model are counted in this one place. A call that throws is counted as failed and its
 * error passed on as it was.
 */
export function meteredModelClient(client: ModelClient, metrics: Metrics): ModelClient {
  return {
    async createMessage(params, options) {
      let reply: Awaited<ReturnType<ModelClient['createMessage']>>;
      try {
        reply = await client.createMessage(params, options);
      } catch (err) {
        metrics.modelCalled({ model: params.model, ok: false });
        throw err;
      }
      const usage = usageOf(reply);
      metrics.modelCalled({
        model: params.model,
        ok: true,
        tokens: {
          input: usage.input_tokens,
          output: usage.output_tokens,
          cacheRead: usage.cache_read_input_tokens,
          cacheWrite: usage.cache_creation_input_tokens,
        },
        costUsd: costOf(params.model, usage),
      });
      return reply;
    },
  };
}
