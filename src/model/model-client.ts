import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import type { Config } from '../config/config.js';
import type { TokenUsage } from '../config/models.js';
import { CoworkerError } from '../errors.js';

/** The one model operation the app needs; injected so services and tests can supply their own. */
export interface ModelClient {
  createMessage(params: MessageCreateParamsNonStreaming, options: { signal?: AbortSignal }): Promise<Message>;
}

/** A reply's token usage, the cache counts the API may leave out taken as 0. */
export function usageOf(reply: Message): TokenUsage {
  return {
    input_tokens: reply.usage.input_tokens,
    output_tokens: reply.usage.output_tokens,
    cache_creation_input_tokens: reply.usage.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: reply.usage.cache_read_input_tokens ?? 0,
  };
}

/**
 * The real client. Retries of 429/5xx/timeouts are the SDK's (`maxRetries`); the run's own
 * deadline arrives as an AbortSignal.
 */
export function createAnthropicModelClient(config: Config): ModelClient {
  if (!config.anthropic.apiKey && !config.anthropic.authToken) {
    // The runtime contract leaves the key to the SDK's defaults, so the app still starts; every
    // run then fails visibly, naming what to set.
    return {
      createMessage: () =>
        Promise.reject(
          new CoworkerError(
            'config_invalid',
            'ANTHROPIC_API_KEY is not set, so agents cannot call Claude. Set it in the environment or .env and restart Coworker.',
          ),
        ),
    };
  }
  const client = new Anthropic({
    apiKey: config.anthropic.apiKey ?? null,
    authToken: config.anthropic.authToken ?? null,
    ...(config.anthropic.baseUrl ? { baseURL: config.anthropic.baseUrl } : {}),
    maxRetries: config.anthropic.maxRetries,
  });
  return {
    createMessage: (params, options) =>
      client.messages.create(params, options.signal ? { signal: options.signal } : {}),
  };
}

/**
 * Turns whatever the model call threw into words for the channel. An abort means our own
 * deadline passed (`limits.timeout`).
 */
export function describeModelError(err: unknown, timeoutMs: number): CoworkerError {
  if (err instanceof CoworkerError) return err;
  if (err instanceof Anthropic.APIUserAbortError) {
    return new CoworkerError(
      'run_timeout',
      `the agent took longer than its limit of ${formatSeconds(timeoutMs)} (limits.timeout).`,
      { cause: err },
    );
  }
  if (err instanceof Anthropic.APIConnectionTimeoutError) {
    return new CoworkerError('model_failed', 'Claude did not answer in time. Try again in a moment.', {
      cause: err,
    });
  }
  if (err instanceof Anthropic.APIConnectionError) {
    return new CoworkerError(
      'model_failed',
      'Claude could not be reached (connection failed). Try again in a moment.',
      { cause: err },
    );
  }
  if (err instanceof Anthropic.APIError) {
    const status = err.status;
    const reason =
      status === 429
        ? 'Claude is rate-limiting us'
        : status === 401 || status === 403
          ? 'Claude refused our API key (check ANTHROPIC_API_KEY)'
          : status !== undefined && status >= 500
            ? `Claude had a server error (HTTP ${status})`
            : `Claude rejected the request (HTTP ${status ?? '?'}: ${apiErrorMessage(err)})`;
    return new CoworkerError('model_failed', `${reason}.`, { cause: err, details: { status } });
  }
  return new CoworkerError(
    'model_failed',
    `the model call failed (${err instanceof Error ? err.message : String(err)}).`,
    { cause: err },
  );
}

function apiErrorMessage(err: InstanceType<typeof Anthropic.APIError>): string {
  const body: unknown = err.error;
  if (body && typeof body === 'object' && 'error' in body) {
    const inner = (body as { error?: { message?: unknown } }).error;
    if (typeof inner?.message === 'string') return inner.message;
  }
  return err.message;
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
