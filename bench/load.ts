/**
 * What the bench does to an app, as Slack would: signed slash commands and Approve clicks to
 * `/slack/events` (test/support/slack-requests.ts), timed against what fake Slack receives.
 * Every function works the same on Coworker and on the Bolt apps.
 */
import { performance } from 'node:perf_hooks';
import { sendBlockAction, sendCommand } from '../test/support/slack-requests.js';
import { SIGNING_SECRET } from '../test/support/start-test-app.js';
import { type BenchFakes, runToken, type ShownReview } from './fakes.js';
import type { BenchProcess } from './processes.js';
import { inPool } from './stats.js';

const CHANNEL = { channel_id: 'C0SUPPORT01', channel_name: 'support' };
/** The bench agent's name in Coworker; the same-work app reads the same text. */
export const BENCH_AGENT = 'bench';

/** Sends `/coworker <text>` and resolves with the milliseconds until the app's HTTP answer (the ack). */
async function command(fakes: BenchFakes, app: BenchProcess, text: string): Promise<number> {
  const started = performance.now();
  const response = await sendCommand(
    app.url,
    SIGNING_SECRET,
    { ...CHANNEL, text, user_id: 'U0ALICE', response_url: fakes.slack.responseUrl() },
    { timeoutMs: 30_000 },
  );
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${app.name} answered /coworker ${text} with ${response.status}`);
  return ms;
}

/**
 * `count` commands `/coworker <text>` at `concurrency`; the ack latency of each. With `runs`,
 * each is a run and the batch ends once every review was shown (so nothing spills over).
 */
export async function ackLatencies(
  fakes: BenchFakes,
  app: BenchProcess,
  options: { count: number; concurrency: number; runs: boolean },
): Promise<number[]> {
  const acks: number[] = [];
  const shown: Array<Promise<ShownReview>> = [];
  await inPool(options.count, options.concurrency, async () => {
    if (!options.runs) {
      acks.push(await command(fakes, app, 'help'));
      return;
    }
    const token = runToken();
    const review = fakes.review(token);
    shown.push(review);
    acks.push(await command(fakes, app, `run ${BENCH_AGENT} ${token}`));
  });
  await Promise.all(shown);
  return acks;
}

/** A run, timed: when the command was sent and acked, and the review as fake Slack received it. */
export interface TimedRun {
  sent: number;
  acked: number;
  review: ShownReview;
}

/** `/coworker run bench <token>`, until its review is shown (times from performance.now()). */
export async function runOnce(fakes: BenchFakes, app: BenchProcess, onAck?: () => void): Promise<TimedRun> {
  const token = runToken();
  const shown = fakes.review(token);
  const sent = performance.now();
  const ackMs = await command(fakes, app, `run ${BENCH_AGENT} ${token}`);
  onAck?.();
  return { sent, acked: sent + ackMs, review: await shown };
}

/** Clicks Approve on `review`, until the message shows the decision: milliseconds from the click. */
export async function approve(
  fakes: BenchFakes,
  app: BenchProcess,
  review: ShownReview,
  onAck?: () => void,
): Promise<number> {
  const decided = fakes.decision(review);
  const clicked = performance.now();
  const response = await sendBlockAction(app.url, SIGNING_SECRET, {
    user: 'U0BOB',
    channel: review.channel,
    message_ts: review.ts,
    action: review.approve,
  });
  if (response.status !== 200) throw new Error(`${app.name} answered the Approve click with ${response.status}`);
  onAck?.();
  return (await decided) - clicked;
}

/** One run and its Approve, one after the other: command -> review shown, click -> decision shown (ms). */
export async function runAndApprove(
  fakes: BenchFakes,
  app: BenchProcess,
): Promise<{ review: number; decision: number }> {
  const run = await runOnce(fakes, app);
  return { review: run.review.at - run.sent, decision: await approve(fakes, app, run.review) };
}

/** `count` runs at `concurrency`, each until its review is shown: runs per second. */
export async function runsPerSecond(
  fakes: BenchFakes,
  app: BenchProcess,
  options: { count: number; concurrency: number },
): Promise<number> {
  const started = performance.now();
  await inPool(options.count, options.concurrency, async () => {
    const token = runToken();
    const shown = fakes.review(token);
    await command(fakes, app, `run ${BENCH_AGENT} ${token}`);
    await shown;
  });
  return options.count / ((performance.now() - started) / 1000);
}
