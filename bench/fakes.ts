/**
 * The fake Slack Web API and fake Anthropic API (test/support/) both apps talk to, and a watch
 * on what fake Slack receives: the moment a message carrying an Approve button for a given run
 * arrives (the review is shown), and the moment that message is updated to show the decision.
 * Runs are told apart by a token in the command text that the fake model echoes into its answer.
 */
import { performance } from 'node:perf_hooks';
import { type FakeAnthropic, promptText, startFakeAnthropic } from '../test/support/fake-anthropic.js';
import { type FakeSlack, type FakeSlackHandler, startFakeSlack } from '../test/support/fake-slack.js';
import { type FoundButton, queryButton } from '../test/support/find-button.js';
import { DEFAULT_CHANNELS } from '../test/support/start-test-app.js';

const TOKEN = /bench-[0-9a-z]+/;

/** A review message as fake Slack received it. */
export interface ShownReview {
  /** performance.now() on arrival. */
  at: number;
  channel: string;
  ts: string;
  approve: FoundButton;
}

export interface BenchFakes {
  slack: FakeSlack;
  model: FakeAnthropic;
  /** Resolves once a message with an Approve button and `token` arrives. Call before sending the command. */
  review(token: string, timeoutMs?: number): Promise<ShownReview>;
  /** Resolves with performance.now() once `review` is updated to show an approval. Call before clicking. */
  decision(review: ShownReview, timeoutMs?: number): Promise<number>;
  /** Forgets recorded calls and stored messages (only between phases, with nothing in flight). */
  clear(): void;
  close(): Promise<void>;
}

let tokens = 0;
/** A fresh token for one run's command text. */
export function runToken(): string {
  tokens += 1;
  return `bench-${tokens.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export async function startBenchFakes(): Promise<BenchFakes> {
  // Real Slack answers up to `limit` items; the fake's default of 2 would make every listing page.
  const slack = await startFakeSlack({ channels: DEFAULT_CHANNELS, pageSize: 1000 });
  const model = await startFakeAnthropic();
  const reviews = new Map<string, (review: ShownReview) => void>();
  const decisions = new Map<string, (at: number) => void>();

  const notice: FakeSlackHandler = (params, { call, fallback }) => {
    const at = performance.now();
    const body = fallback();
    const approve = queryButton(params.blocks, 'Approve');
    const channel = String(body.channel ?? params.channel);
    const ts = String(params.ts ?? body.ts);
    if (approve) {
      const token = TOKEN.exec(JSON.stringify(params.blocks))?.[0];
      if (token) reviews.get(token)?.({ at, channel, ts, approve });
    } else if (call.method === 'chat.update' && /Approved/.test(JSON.stringify(params.blocks ?? params.text))) {
      decisions.get(`${channel}:${ts}`)?.(at);
    }
    return body;
  };
  const install = () => {
    slack.on('chat.postMessage', notice);
    slack.on('chat.update', notice);
    model.toolInput = (request) => ({
      text: `Thanks for asking (${TOKEN.exec(promptText(request))?.[0] ?? 'no token'}).`,
    });
  };
  install();

  const waitFor = <T>(map: Map<string, (value: T) => void>, key: string, what: string, timeoutMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        map.delete(key);
        const recent = slack.calls.slice(-5).map((c) => `${c.method} ${JSON.stringify(c.params).slice(0, 200)}`);
        const problems = model.errors.length > 0 ? `; fake Anthropic: ${model.errors.join('; ')}` : '';
        reject(
          new Error(
            `${what} did not arrive at fake Slack within ${timeoutMs} ms; last calls:\n${recent.join('\n')}${problems}`,
          ),
        );
      }, timeoutMs);
      map.set(key, (value) => {
        clearTimeout(timer);
        map.delete(key);
        resolve(value);
      });
    });

  return {
    slack,
    model,
    review: (token, timeoutMs = 60_000) => waitFor(reviews, token, `the review of ${token}`, timeoutMs),
    decision: (review, timeoutMs = 30_000) =>
      waitFor(decisions, `${review.channel}:${review.ts}`, `the decision on ${review.ts}`, timeoutMs),
    clear: () => {
      slack.reset({ state: true });
      model.reset();
      install();
    },
    close: async () => {
      await Promise.all([slack.close(), model.close()]);
    },
  };
}
