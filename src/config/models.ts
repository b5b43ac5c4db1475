/**
 * Model ids and prices live here, not in code paths: swapping a model is a config change.
 * Prices are USD per million tokens (input, output, cache write 5 min, cache read).
 * A model missing from this table still runs; its cost is reported as unknown.
 */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite: number;
  cacheRead: number;
}

/** Default for agents that do not name a model (COWORKER_MODEL overrides). */
export const DEFAULT_MODEL = 'claude-sonnet-4-6';
/** Small, fast model for structured extraction (e.g. corrections). */
export const DEFAULT_SMALL_MODEL = 'claude-haiku-4-5';

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
};

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/** Cost in USD of the given usage, or null when the model's price is not configured. */
export function costOf(model: string, usage: TokenUsage): number | null {
  const price = MODEL_PRICES[model];
  if (!price) return null;
  return (
    (usage.input_tokens * price.input +
      usage.output_tokens * price.output +
      usage.cache_creation_input_tokens * price.cacheWrite +
      usage.cache_read_input_tokens * price.cacheRead) /
    1_000_000
  );
}

/**
 * The model ids an agent's `model:` may name: those of the price table and the configured
 * defaults (COWORKER_MODEL, COWORKER_SMALL_MODEL), so a model newer than the table can be used
 * by configuring it.
 */
export function knownModels(...configured: readonly string[]): string[] {
  return [...new Set([...Object.keys(MODEL_PRICES), ...configured])];
}
