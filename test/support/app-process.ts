import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort, spawnCli } from './run-cli.js';
import { SIGNING_SECRET } from './start-test-app.js';

/** `coworker start` running as its own process, as `npm start` runs it. */
export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
}

/** The environment of an app process against the fakes, with the short intervals tests use. */
export function appProcessEnv(fakes: {
  slackUrl: string;
  modelUrl?: string;
  agentsDir: string;
  database: Record<string, string>;
}): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fakes.slackUrl,
    ANTHROPIC_API_KEY: 'test',
    ...(fakes.modelUrl ? { ANTHROPIC_BASE_URL: fakes.modelUrl } : {}),
    COWORKER_MODEL_MAX_RETRIES: '0',
    AGENTS_DIR: fakes.agentsDir,
    // Its own (absent unless a test writes it), not the checkout's example facts.
    KNOWLEDGE_DIR: path.join(fakes.agentsDir, 'knowledge'),
    LOG_LEVEL: 'warn',
    COWORKER_SWEEP_MS: '300',
    COWORKER_HEARTBEAT_MS: '300',
    COWORKER_INSTANCE_TIMEOUT_MS: '1500',
    COWORKER_DRAIN_MS: '1000',
    ...fakes.database,
  };
}

/**
 * Starts `coworker start` on a free port with exactly `env` (plus PATH and HOME) and, unless
 * `waitForHealthy` is false, waits for /healthz 200 (failing with its output if it exits first).
 * Every process started is added to `track`, and removed from it when it exits, so a test
 * file's afterAll can kill what is left.
 */
export async function startAppProcess(
  env: Record<string, string>,
  options: { track?: Set<ChildProcess>; waitForHealthy?: boolean } = {},
): Promise<AppProcess> {
  const port = await freePort();
  const child = spawnCli(['start'], { ...env, PORT: String(port) });
  options.track?.add(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      options.track?.delete(child);
      resolve(code);
    }),
  );
  const app: AppProcess = { url: `http://127.0.0.1:${port}`, port, child, exited, output: () => output };
  if (options.waitForHealthy !== false) await waitForHealth(app, 200, 30_000);
  return app;
}

/** What GET /healthz answers (status 0 when nothing listens). */
export async function healthOf(url: string): Promise<{ status: number; body: string }> {
  return fetch(`${url}/healthz`).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    () => ({ status: 0, body: '' }),
  );
}

/** Polls /healthz until it answers `status`; fails with the app's output on timeout or exit. @returns the body */
export async function waitForHealth(app: AppProcess, status: number, timeoutMs = 20_000): Promise<string> {
  return pollUntil(
    async () => {
      if (app.child.exitCode !== null) throw new Error(`the app exited with ${app.child.exitCode}:\n${app.output()}`);
      const health = await healthOf(app.url);
      return health.status === status ? health.body : undefined;
    },
    timeoutMs,
    () => `/healthz never answered ${status}:\n${app.output()}`,
  );
}

/** Polls `check` (every 50 ms) until it gives a value; fails with `describe()` after `timeoutMs`. */
export async function pollUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 50));
  }
}
