import { EventEmitter } from 'node:events';
import { preview, waitUntil } from '../http-util.js';
import type { FakeSlackHandler, FakeSlackHandlerContext, FakeSlackReply } from './replies.js';
import { isReply } from './replies.js';
import type { SlackCall } from './types.js';

type CallPredicate = (params: Record<string, unknown>, call: SlackCall) => boolean;

/**
 * Every call the fake answered, the tests' overrides of methods, and waiting for calls: what a
 * test observes and steers, apart from the workspace's state.
 */
export class CallRecorder {
  readonly calls: SlackCall[] = [];
  /** Emits `call` (a SlackCall) once a call is answered and `response` (a ResponseUrlPost) per response_url post. */
  readonly events = new EventEmitter();
  private readonly overrides = new Map<string, FakeSlackHandler[]>();
  private readonly counts = new Map<string, number>();

  constructor() {
    this.events.setMaxListeners(0);
  }

  /** The 0-based index of the next call to `method` since the last reset, counting it. */
  countCall(method: string): number {
    const nth = this.counts.get(method) ?? 0;
    this.counts.set(method, nth + 1);
    return nth;
  }

  /** Overrides `method` until reset; returns a function removing the override. */
  on(method: string, handler: FakeSlackHandler): () => void {
    const list = this.overrides.get(method) ?? [];
    list.push(handler);
    this.overrides.set(method, list);
    return () => {
      const current = this.overrides.get(method);
      const index = current?.indexOf(handler) ?? -1;
      if (current && index >= 0) current.splice(index, 1);
    };
  }

  /** The reply of the newest override of `method` that answers (undefined: none did). */
  async override(
    method: string,
    params: Record<string, unknown>,
    context: FakeSlackHandlerContext,
  ): Promise<FakeSlackReply | undefined> {
    for (const handler of [...(this.overrides.get(method) ?? [])].reverse()) {
      const result = await handler(params, context);
      if (result === undefined) continue;
      return isReply(result) ? result : { body: result };
    }
    return undefined;
  }

  /** Answered calls to `method` matching `predicate`. */
  matches(method: string, predicate: CallPredicate | undefined): SlackCall[] {
    return this.calls.filter(
      (c) => c.method === method && c.status !== undefined && (!predicate || predicate(c.params, c)),
    );
  }

  waitForCall(method: string, predicate: CallPredicate | undefined, timeoutMs: number): Promise<SlackCall> {
    return waitUntil(
      this.events,
      'call',
      () => this.matches(method, predicate)[0],
      timeoutMs,
      () =>
        `FakeSlack.waitForCall('${method}'${predicate ? ', <predicate>' : ''}) timed out after ${timeoutMs}ms; ${this.describe()}`,
    );
  }

  waitForCalls(
    method: string,
    count: number,
    predicate: CallPredicate | undefined,
    timeoutMs: number,
  ): Promise<SlackCall[]> {
    return waitUntil(
      this.events,
      'call',
      () => {
        const found = this.matches(method, predicate);
        return found.length >= count ? found : undefined;
      },
      timeoutMs,
      () =>
        `FakeSlack.waitForCalls('${method}', ${count}) timed out after ${timeoutMs}ms with ${this.matches(method, predicate).length} matching; ${this.describe()}`,
    );
  }

  /** Forgets calls, overrides and counts. */
  reset(): void {
    this.calls.length = 0;
    this.overrides.clear();
    this.counts.clear();
  }

  /** The last 40 calls, one a line, with the error of those that failed. */
  private describe(): string {
    const { calls } = this;
    if (calls.length === 0) return 'no calls';
    const recent = calls.slice(-40);
    const lines = recent.map(
      (c) =>
        `  ${c.method} ${preview(c.params, 200)}${c.response && c.response.ok === false ? ` -> ${preview(c.response, 80)}` : ''}`,
    );
    return `${calls.length} call(s)${calls.length > recent.length ? ` (last ${recent.length})` : ''}:\n${lines.join('\n')}`;
  }
}
