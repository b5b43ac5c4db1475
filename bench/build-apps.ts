/**
 * What the bench runs is what a team would deploy: Coworker as `npm install` builds it (the
 * bundle of bin/build.js, rebuilt here when the sources changed since), and the Bolt apps of
 * bench/apps/ compiled to JavaScript (as `tsc` would: one file each, their packages loaded from
 * node_modules), run with plain `node`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { freshBundle } from '../bin/fresh-bundle.js';
import { ROOT } from '../test/support/run-cli.js';

const run = promisify(execFile);
/** Inside node_modules, so the compiled apps resolve their packages as the sources do. */
const OUT = path.join(ROOT, 'node_modules', '.cache', 'coworker', 'bench-apps');
export const BOLT_APPS = ['same-work-app', 'ack-only-app'] as const;
export type BoltAppName = (typeof BOLT_APPS)[number];

let built: Promise<void> | undefined;

/** The compiled Bolt app's file, compiled once per bench process. */
export async function compiledBoltApp(name: BoltAppName): Promise<string> {
  built ??= build({
    absWorkingDir: ROOT,
    entryPoints: BOLT_APPS.map((app) => `bench/apps/${app}.ts`),
    outdir: OUT,
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  }).then(() => undefined);
  await built;
  return path.join(OUT, `${name}.js`);
}

/** Rebuilds dist/ when `coworker start` would not run it (a source changed since the last build). */
export async function ensureCoworkerBundle(log: (line: string) => void): Promise<void> {
  if (freshBundle(ROOT) !== undefined) return;
  log('the sources changed since dist/ was built: npm run build');
  await run(process.execPath, [path.join(ROOT, 'bin', 'build.js')], { cwd: ROOT });
}
