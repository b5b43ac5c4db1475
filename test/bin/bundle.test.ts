import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.js';

const run = promisify(execFile);

/** What `npm install` builds (bin/build.js), built into a folder of its own and run as bin/coworker.js runs it. */
describe('the bundle bin/build.js makes', () => {
  let outdir: string;
  const cli = (args: string[], agentsDir = path.join(ROOT, 'agents')) =>
    run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(path.join(outdir, 'main.js'))}); process.exitCode = await main(${JSON.stringify(args)});`,
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', AGENTS_DIR: agentsDir } },
    );

  beforeAll(async () => {
    // Inside the checkout, so the packages left outside the bundle resolve from node_modules.
    outdir = await mkdtemp(path.join(ROOT, '.tmp-bundle-'));
    await run(process.execPath, [path.join(ROOT, 'bin/build.js'), outdir], { cwd: ROOT });
  }, 60_000);
  afterAll(() => rm(outdir, { recursive: true, force: true }));

  it('lists every source that went in, and the lockfile, for the freshness check', async () => {
    const info = JSON.parse(await readFile(path.join(outdir, 'build-info.json'), 'utf8')) as { inputs: string[] };
    expect(info.inputs).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/main.ts', 'package-lock.json']));
    expect(info.inputs.some((input) => input.startsWith('node_modules/'))).toBe(false);
  });

  it('runs the CLI: validate checks the example agents with the bundled YAML and zod', async () => {
    const { stdout } = await cli(['validate']);
    expect(stdout).toMatch(/✓ \d+ agents valid/);
  }, 30_000);

  it('reports a broken spec with its file and line, and exits 1', async () => {
    const agents = await mkdtemp(path.join(outdir, 'agents-'));
    await writeFile(
      path.join(agents, 'broken.yaml'),
      'channels: ["#ops"]\ninstructions: Do it.\nartifact:\n  type: poem\n',
    );
    const failed = await cli(['validate'], agents).then(
      () => undefined,
      (err: { code: number; stdout: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toMatch(/broken\.yaml:4/);
  }, 30_000);
});
