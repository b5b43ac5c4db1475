import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSpecs } from '../../src/specs/load-specs.js';
import { problemsOf, spec } from './problems-of.js';
import { removeSpecDirs, writeSpecDir, yaml } from './write-spec-dir.js';

afterEach(removeSpecDirs);

describe('loadSpecs rules between agents', () => {
  it('makes the later of two agents with the same name invalid, keeping the first, and tells both', async () => {
    const dir = await writeSpecDir({
      'a.yaml': spec('name: digest'),
      'b.yaml': spec('name: digest'),
      'digest.yaml': spec(),
    });
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => path.basename(a.file))).toEqual(['a.yaml']);
    expect(result.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'b.yaml',
        [
          {
            path: 'name',
            line: 4,
            message: 'another agent is already named "digest" (a.yaml:4); agent names must be unique',
          },
        ],
      ],
      [
        'digest.yaml',
        [{ path: 'name', message: 'another agent is already named "digest" (a.yaml:4); agent names must be unique' }],
      ],
    ]);
    expect(result.warnings.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'a.yaml',
        [
          {
            path: 'name',
            line: 4,
            message: 'b.yaml:4 is also named "digest" and is switched off until the names differ',
          },
          {
            path: 'name',
            line: 4,
            message: 'digest.yaml is also named "digest" and is switched off until the names differ',
          },
        ],
      ],
    ]);
  });

  it('rejects a command trigger named like a subcommand on its own', async () => {
    const problems = await problemsOf({ 'a.yaml': spec('triggers:', '  command: status') });
    expect(problems).toEqual([
      {
        path: 'triggers.command',
        line: 5,
        message:
          '"status" is a /coworker subcommand (help, list, run, status, corrections, knowledge); choose another command',
      },
    ]);
  });

  it('rejects two agents sharing a command in a common channel, comparing names normalised', async () => {
    const dir = await writeSpecDir({
      'a.yaml': yaml(
        'channels: ["#Sales", "C0123456789"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'b.yaml': yaml(
        'channels: [ops, sales]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers:',
        '  command: digest',
      ),
      'c.yaml': yaml(
        'channels: [C0123456789]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a']);
    expect(result.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'b.yaml',
        [
          {
            path: 'triggers.command',
            line: 5,
            message:
              '"digest" is already the command of agent "a" (a.yaml:4) in sales; a command must be unique in each channel',
          },
        ],
      ],
      [
        'c.yaml',
        [
          {
            path: 'triggers.command',
            line: 4,
            message:
              '"digest" is already the command of agent "a" (a.yaml:4) in C0123456789; a command must be unique in each channel',
          },
        ],
      ],
    ]);
    expect(result.warnings.map((i) => [path.basename(i.file), i.problems.map((p) => [p.line, p.message])])).toEqual([
      [
        'a.yaml',
        [
          [
            4,
            '"digest" is also the command of agent "b" (b.yaml:5) in sales, which is switched off until the commands differ',
          ],
          [
            4,
            '"digest" is also the command of agent "c" (c.yaml:4) in C0123456789, which is switched off until the commands differ',
          ],
        ],
      ],
    ]);
  });

  it('allows the same command in disjoint channels, and different commands in one channel', async () => {
    const dir = await writeSpecDir({
      'a.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'b.yaml': yaml(
        'channels: ["#ops", "C0123456789"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'c.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: summary }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.invalid).toEqual([]);
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a', 'b', 'c']);
  });

  it('compares a later agent only with the agents that were kept', async () => {
    const dir = await writeSpecDir({
      'a.yaml': yaml(
        'channels: ["#sales"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'b.yaml': yaml(
        'channels: ["#sales", "#ops"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
      'c.yaml': yaml(
        'channels: ["#ops"]',
        'instructions: x',
        'artifact: { type: message }',
        'triggers: { command: digest }',
      ),
    });
    const result = await loadSpecs(dir, {});
    expect(result.agents.map((a) => a.spec.name)).toEqual(['a', 'c']);
    expect(result.invalid.map((i) => path.basename(i.file))).toEqual(['b.yaml']);
  });
});

describe('loadSpecs conflicts with agents already loaded', () => {
  const digest = (channels: string) =>
    yaml(`channels: [${channels}]`, 'instructions: x', 'artifact: { type: message }', 'triggers: { command: digest }');

  it('keeps the loaded agent and switches off a newer file that sorts before it, telling both', async () => {
    const dir = await writeSpecDir({ 'a-new.yaml': digest('"#sales"'), 'z-old.yaml': digest('"#sales"') });
    const first = await loadSpecs(dir, {});
    expect(first.agents.map((a) => a.spec.name)).toEqual(['a-new']);
    const reloaded = await loadSpecs(dir, {}, { loaded: new Set([path.join(dir, 'z-old.yaml')]) });
    expect(reloaded.agents.map((a) => a.spec.name)).toEqual(['z-old']);
    expect(reloaded.invalid.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'a-new.yaml',
        [
          {
            path: 'triggers.command',
            line: 4,
            message:
              '"digest" is already the command of agent "z-old" (z-old.yaml:4) in #sales; a command must be unique in each channel',
          },
        ],
      ],
    ]);
    expect(reloaded.warnings.map((i) => [path.basename(i.file), i.problems])).toEqual([
      [
        'z-old.yaml',
        [
          {
            path: 'triggers.command',
            line: 4,
            message:
              '"digest" is also the command of agent "a-new" (a-new.yaml:4) in #sales, which is switched off until the commands differ',
          },
        ],
      ],
    ]);
  });
});
