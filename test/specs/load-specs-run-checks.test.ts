import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { problemsOf, spec } from './problems-of.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

afterEach(removeSpecDirs);

describe('loadSpecs checks what runs would hit', () => {
  it('reports a missing context file at its line', async () => {
    const problems = await problemsOf({
      'a.yaml': spec('context:', '  files:', '    - context/here.md', '    - context/gone.md'),
      'context/here.md': 'x',
    });
    expect(problems).toEqual([
      {
        path: 'context.files[1]',
        line: 7,
        message: '"context/gone.md" does not exist (context files are relative to the spec\'s folder)',
      },
    ]);
  });

  it('reports an unreadable context file with its error code', async () => {
    const dir = await writeSpecDir({ 'a.yaml': spec('context: { files: [loop.md] }') });
    await symlink(path.join(dir, 'loop.md'), path.join(dir, 'loop.md'));
    expect((await loadSpecs(dir, {})).invalid[0]?.problems).toEqual([
      { path: 'context.files[0]', line: 4, message: '"loop.md" cannot be read (ELOOP)' },
    ]);
  });

  it('reports a model the app does not know, listing the known ones', async () => {
    const problems = await problemsOf({ 'a.yaml': spec('model: claude-sonet-4-6') });
    expect(problems).toEqual([
      {
        path: 'model',
        line: 4,
        message:
          '"claude-sonet-4-6" is not a known model: use one of claude-opus-4-6, claude-sonnet-4-6, claude-haiku-4-5, or leave model out for the default (COWORKER_MODEL)',
      },
    ]);
    const configured = await loadSpecs(
      await writeSpecDir({ 'a.yaml': spec('model: claude-future-5') }),
      {},
      { models: ['claude-haiku-4-5', 'claude-future-5'] },
    );
    expect(configured.invalid).toEqual([]);
  });

  it('says when a #channel was eaten as a YAML comment', async () => {
    const hint = '# starts a comment in YAML: quote it, "#sales"';
    const body = ['instructions: x', 'artifact: { type: message }'];
    expect(await problemsOf({ 'a.yaml': yaml('channels: #sales', ...body) })).toEqual([
      { path: 'channels', line: 1, message: `expected a list, got an empty value (${hint})` },
    ]);
    expect(await problemsOf({ 'a.yaml': yaml('channels:', '  - #sales', ...body) })).toEqual([
      { path: 'channels[0]', line: 2, message: `expected text, got an empty value (${hint})` },
    ]);
    const flow = await problemsOf({ 'a.yaml': yaml('channels: [#sales]', ...body) });
    expect(flow[0]).toEqual({
      path: '',
      line: 1,
      message: `invalid YAML: Comments must be separated from other tokens by white space characters (${hint})`,
    });
    expect(flow.slice(1).every((p) => !p.message.includes('quote it'))).toBe(true);
    const later = await problemsOf({ 'a.yaml': yaml('channels: [ops, #sales]', ...body) });
    expect(later[0]?.message).toContain(hint);
    // A real comment (after a value, or `# ` with a space) is not taken for an eaten value.
    expect(
      await problemsOf({
        'a.yaml': yaml(
          'channels: ["#sales"]  # where it works',
          'instructions:  # todo',
          'artifact: { type: message }',
        ),
      }),
    ).toEqual([{ path: 'instructions', line: 2, message: 'expected text, got an empty value' }]);
  });
});
