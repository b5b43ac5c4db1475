import { costOf, type TokenUsage } from '../config/models.js';
import type { UsageIncrement } from '../db/runs-repository.js';

/**
 * A run's model calls whose usage is not stored yet. A run stores each call's usage before
 * anything slow follows it (a tool call) or when the run fails, and the last call's with its
 * artifact, in the statement that ends the run: one statement less for every run.
 */
export class UnstoredUsage {
  #calls: TokenUsage[] = [];

  constructor(
    private readonly model: string,
    private readonly write: (increment: UsageIncrement) => Promise<void>,
  ) {}

  add(usage: TokenUsage): void {
    this.#calls.push(usage);
  }

  /** What is not stored yet, as one increment (undefined: nothing); held until `stored(it)`. */
  pending(): UsageIncrement | undefined {
    if (this.#calls.length === 0) return undefined;
    const usage: TokenUsage = {
      input_tokens: 0,
      output_tokens: 0,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    };
    let costUsd: number | null = null;
    for (const call of this.#calls) {
      usage.input_tokens += call.input_tokens;
      usage.output_tokens += call.output_tokens;
      usage.cache_creation_input_tokens += call.cache_creation_input_tokens;
      usage.cache_read_input_tokens += call.cache_read_input_tokens;
      const cost = costOf(this.model, call);
      if (cost !== null) costUsd = (costUsd ?? 0) + cost;
    }
    return { calls: this.#calls.length, usage, costUsd };
  }

  /** Forgets the calls of an increment `pending` returned: a statement stored it. */
  stored(increment: UsageIncrement): void {
    this.#calls.splice(0, increment.calls);
  }

  /** Stores what is not stored yet, in a statement of its own. */
  async store(): Promise<void> {
    const increment = this.pending();
    if (increment === undefined) return;
    await this.write(increment);
    this.stored(increment);
  }
}
