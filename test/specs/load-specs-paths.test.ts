import { execFileSync } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { spec } from './problems-of.js';
import { removeSpecDirs, writeSpecDir } from './write-spec-dir.js';

afterEach(removeSpecDirs);

describe('loadSpecs paths', () => {
  it('refuses a spec that is a symlink to a file outside the folder, and loads one linking inside it', async () => {
    const outside = await writeSpecDir({ 'secret.yaml': spec() });
    const dir = await writeSpecDir({ 'shared/inner.yaml': spec() });
    await symlink(path.join(outside, 'secret.yaml'), path.join(dir, 'escape.yaml'));
    await symlink(path.join(dir, 'shared', 'inner.yaml'), path.join(dir, 'inner.yaml'));
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => [a.spec.name, a.file])).toEqual([['inner', path.join(dir, 'inner.yaml')]]);
    expect(result.invalid).toEqual([
      {
        file: path.join(dir, 'escape.yaml'),
        problems: [
          {
            path: '',
            message:
              'the file is a symlink leading outside the agents folder: it is not read (keep specs, and what they link to, inside AGENTS_DIR)',
          },
        ],
      },
    ]);
  });

  it('loads from an agents folder that is itself a symlink', async () => {
    const real = await writeSpecDir({ 'a.yaml': spec('context:', '  files: [notes.md]'), 'notes.md': 'n' });
    const links = await writeSpecDir({});
    await symlink(real, path.join(links, 'agents'));
    const result = await loadSpecs(path.join(links, 'agents'), {});
    expect(result.invalid).toEqual([]);
    expect(result.agents.map((a) => a.file)).toEqual([path.join(links, 'agents', 'a.yaml')]);
  });

  it('refuses a symlink to a pipe or a folder without blocking on it', async () => {
    const dir = await writeSpecDir({ 'folder/x': '' });
    await symlink(path.join(dir, 'folder'), path.join(dir, 'folder.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'folder', 'pipe')]);
    await symlink(path.join(dir, 'folder', 'pipe'), path.join(dir, 'pipe.yaml'));
    const refused = {
      path: '',
      message: 'not a regular file (a symlink to a folder, a pipe or a device): it is not read',
    };
    expect((await loadSpecs(dir, {})).invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      ['folder.yaml', [refused]],
      ['pipe.yaml', [refused]],
    ]);
  });

  it('makes a context file or folder symlinked out of the spec folder a problem at its line', async () => {
    const outside = await writeSpecDir({ 'private.md': 'not for the model' });
    const dir = await writeSpecDir({
      'a.yaml': spec(
        'context:',
        '  files:',
        '    - context/hostname',
        '    - notes.md',
        '    - private.md',
        '    - inside.md',
      ),
      'real.md': 'fine',
    });
    await symlink('/etc', path.join(dir, 'context'));
    await symlink('/etc/hostname', path.join(dir, 'notes.md'));
    await symlink(path.join(outside, 'private.md'), path.join(dir, 'private.md'));
    await symlink(path.join(dir, 'real.md'), path.join(dir, 'inside.md'));
    const result = await loadSpecs(dir, {});
    expect(result.agents).toEqual([]);
    const leads = (file: string) => `"${file}" leads outside the spec's folder through a symlink: it is not read`;
    expect(result.invalid[0]?.problems).toEqual([
      { path: 'context.files[0]', line: 6, message: leads('context/hostname') },
      { path: 'context.files[1]', line: 7, message: leads('notes.md') },
      { path: 'context.files[2]', line: 8, message: leads('private.md') },
    ]);
  });
});
