/**
 * The apps under test as child processes: Coworker as `npm start` runs it (`coworker start`,
 * via test/support/app-process.ts, which runs the bundle `npm install` builds) and the
 * hand-written Bolt apps in bench/apps/, compiled to JavaScript (bench/build-apps.ts). Start-up is timed from spawning to the first `GET /healthz` 200, polled
 * every few milliseconds for both kinds, so the probe costs both the same.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startAppProcess } from '../test/support/app-process.js';
import { freePort, ROOT } from '../test/support/run-cli.js';
import { type BoltAppName, compiledBoltApp } from './build-apps.js';
import { type ProcessMemory, readProcessMemory } from './proc-memory.js';

const POLL_MS = 5;
const START_TIMEOUT_MS = 120_000;
/** Every process started and not yet stopped, so a failing bench leaves none behind. */
const running = new Set<BenchProcess>();

/** Stops every app process still running. */
export async function stopAllProcesses(): Promise<void> {
  await Promise.all([...running].map((app) => app.stop()));
}

/** A running app the bench talks to. */
export interface BenchProcess {
  name: string;
  pid: number;
  url: string;
  /** Milliseconds from spawn to the first /healthz 200. */
  startupMs: number;
  memory(): ProcessMemory;
  output(): string;
  /** SIGTERM, then waits for the exit (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/** `coworker start` with exactly `env` (plus PATH and HOME). */
export async function startCoworkerProcess(env: Record<string, string>): Promise<BenchProcess> {
  const started = performance.now();
  const app = await startAppProcess(env, { waitForHealthy: false });
  return ready('Coworker', app.url, app.child, app.exited, app.output, started);
}

/** One of the Bolt apps in bench/apps/ (`same-work-app` or `ack-only-app`), compiled, on a free port. */
export async function startBoltProcess(file: BoltAppName, env: Record<string, string>) {
  return startNodeProcess(file, [await compiledBoltApp(file)], env);
}

/** `node <args>` in the checkout with exactly `env` (plus PATH, HOME and a free PORT), until /healthz 200. */
export async function startNodeProcess(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<BenchProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return ready(name, `http://127.0.0.1:${port}`, child, exited, () => output, started);
}

async function ready(
  name: string,
  url: string,
  child: ChildProcess,
  exited: Promise<number | null>,
  output: () => string,
  started: number,
): Promise<BenchProcess> {
  const pid = child.pid;
  const app: BenchProcess = {
    name,
    pid: pid ?? 0,
    url,
    startupMs: Number.NaN,
    memory: () => readProcessMemory(pid ?? 0),
    output,
    stop: () => stop(),
  };
  running.add(app);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(app);
  };
  try {
    if (pid === undefined) throw new Error(`${name} did not start`);
    while (!(await healthy(url))) {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output()}`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`${name} never got healthy:\n${output()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  app.startupMs = performance.now() - started;
  return app;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}
