/**
 * What both apps are started with: agent spec folders for Coworker (the bench agent, plus as
 * many others as asked for) and each app's environment against the fakes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appProcessEnv } from '../test/support/app-process.js';
import { SIGNING_SECRET } from '../test/support/start-test-app.js';
import type { BenchFakes } from './fakes.js';
import { BENCH_AGENT } from './load.js';

const CHANNELS = ['#support', '#general', '#ops'];

/** A folder of `count` specs: the bench agent (a message in #support) and `count - 1` others with commands. */
export async function writeSpecFolder(count: number): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'coworker-bench-specs-'));
  await writeFile(
    path.join(dir, `${BENCH_AGENT}.yaml`),
    'channels: ["#support"]\ninstructions: Draft a short, friendly reply to the request.\nartifact: { type: message }\n',
  );
  await Promise.all(
    Array.from({ length: count - 1 }, (_, i) =>
      writeFile(
        path.join(dir, `agent-${i}.yaml`),
        `channels: ["${CHANNELS[i % CHANNELS.length]}"]\ninstructions: Do job ${i}.\ntriggers:\n  command: job-${i}\n` +
          'artifact:\n  type: table\n  columns: [a, b, c]\n',
      ),
    ),
  );
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Coworker's environment: the README's variables pointed at the fakes, with the product's
 * default intervals (not the tests' short ones, which would add background work).
 */
export function coworkerEnv(fakes: BenchFakes, agentsDir: string, database: Record<string, string>) {
  return {
    ...appProcessEnv({ slackUrl: fakes.slack.url, modelUrl: fakes.model.url, agentsDir, database }),
    COWORKER_SWEEP_MS: '5000',
    COWORKER_HEARTBEAT_MS: '5000',
    COWORKER_INSTANCE_TIMEOUT_MS: '15000',
    COWORKER_DRAIN_MS: '5000',
  };
}

/** The Bolt apps' environment: the same token, secret, Slack and Anthropic URLs. */
export function boltEnv(fakes: BenchFakes): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakes.slack.url,
    ANTHROPIC_API_KEY: 'test',
    ANTHROPIC_BASE_URL: fakes.model.url,
  };
}
