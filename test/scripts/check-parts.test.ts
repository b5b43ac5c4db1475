import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = join(import.meta.dirname, '..', '..', 'scripts', 'check-parts.ts');
const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

let root: string | undefined;
afterEach(async () => {
  if (root !== undefined) await rm(root, { recursive: true, force: true });
});

/** A scratch `src/` holding `files` (path -> source). */
async function tree(files: Record<string, string>): Promise<string> {
  root = await mkdtemp(join(tmpdir(), 'coworker-parts-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

async function check(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(tsx, [script, dir]);
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

describe('the layering check (scripts/check-parts.ts)', () => {
  it('passes a tree whose parts import one way, and prints the layers', async () => {
    const dir = await tree({
      'low/a.ts': 'export const a = 1;\n',
      'high/b.ts': "import { a } from '../low/a.js';\nexport const b = a;\n",
      'top.ts': "import { b } from './high/b.js';\nexport const top = b;\n",
    });
    const { code, out } = await check(dir);
    expect(code).toBe(0);
    expect(out).toContain('no import cycle between 3 parts');
    expect(out).toMatch(/0: low\n\s+1: high\n\s+2: top/);
  });

  it('fails on a cycle made by a type-only import, naming the parts and the imports that close it', async () => {
    const dir = await tree({
      'low/a.ts': "import type { B } from '../high/b.js';\nexport type A = B;\n",
      'high/b.ts': "import { a } from '../low/a.js';\nexport type B = string;\nexport const b = a;\n",
    });
    const { code, out } = await check(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/import cycle between the parts of src\/: (high -> low -> high|low -> high -> low)/);
    expect(out).toContain("low/a.ts imports '../high/b.js'");
    expect(out).toContain("high/b.ts imports '../low/a.js'");
  });

  it('counts re-exports and dynamic imports, and ignores imports inside comments', async () => {
    const cyclic = await tree({
      'a/index.ts': "export { b } from '../b/b.js';\n",
      'b/b.ts': "export const b = 1;\nexport const load = () => import('../a/index.js');\n",
    });
    expect((await check(cyclic)).code).toBe(1);
    await rm(cyclic, { recursive: true, force: true });
    const commented = await tree({
      'a/a.ts': "// import { b } from '../b/b.js';\n/* import '../b/b.js'; */\nexport const a = 1;\n",
      'b/b.ts': "import { a } from '../a/a.js';\nexport const b = a;\n",
    });
    expect((await check(commented)).code).toBe(0);
  });

  it('passes the real src/', async () => {
    const { code, out } = await check(join(import.meta.dirname, '..', '..', 'src'));
    expect(out).toContain('no import cycle between');
    expect(code).toBe(0);
  });
});
