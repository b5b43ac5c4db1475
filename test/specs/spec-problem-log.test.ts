import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import type { InvalidSpec } from '../../src/specs/spec-problem.js';
import { SpecProblemLog } from '../../src/specs/spec-problem-log.js';

const broken = (message: string): InvalidSpec => ({
  file: '/srv/agents/broken.yaml',
  problems: [
    { path: 'instructions', line: 2, message },
    { path: '', message: 'and 3 more problems' },
  ],
});
const other: InvalidSpec = { file: '/srv/agents/other.yaml', problems: [{ path: '', message: 'invalid YAML: x' }] };
const registry = (invalid: InvalidSpec[], warnings: InvalidSpec[] = []) =>
  new AgentRegistry({ agents: [], invalid, warnings });

describe('SpecProblemLog', () => {
  it('logs an invalid file once, as one entry, until its problems change', () => {
    const log = new SpecProblemLog('/srv');
    expect(log.changes(registry([broken('required field is missing')]))).toEqual([
      'invalid spec skipped: agents/broken.yaml:2: instructions: required field is missing\n  agents/broken.yaml: and 3 more problems',
    ]);
    // Reloads with the same problems, and another file appearing, do not repeat it.
    expect(log.changes(registry([broken('required field is missing')]))).toEqual([]);
    expect(log.changes(registry([broken('required field is missing'), other]))).toEqual([
      'invalid spec skipped: agents/other.yaml: invalid YAML: x',
    ]);
    expect(log.changes(registry([broken('must not be empty'), other]))).toEqual([
      'invalid spec skipped: agents/broken.yaml:2: instructions: must not be empty\n  agents/broken.yaml: and 3 more problems',
    ]);
  });

  it('logs a file again when it breaks again after being fixed, and logs the kept side of a conflict', () => {
    const log = new SpecProblemLog('/srv');
    log.changes(registry([other]));
    expect(log.changes(registry([]))).toEqual([]);
    expect(log.changes(registry([other]))).toHaveLength(1);
    const kept: InvalidSpec = {
      file: '/srv/agents/z.yaml',
      problems: [{ path: 'name', line: 1, message: 'a.yaml:1 is also named "z"' }],
    };
    expect(log.changes(registry([other], [kept]))).toEqual([
      'spec problem: agents/z.yaml:1: name: a.yaml:1 is also named "z"',
    ]);
  });

  it('logs fact files under their own label the same way: once, until their problems change', () => {
    const log = new SpecProblemLog('/srv');
    const fact: InvalidSpec = {
      file: '/srv/knowledge/refunds.md',
      problems: [
        { path: 'owner', line: 3, message: 'required field is missing' },
        { path: 'verify_every', line: 4, message: 'not a duration' },
      ],
    };
    expect(log.changesOf({ 'fact problem': [fact] })).toEqual([
      'fact problem: knowledge/refunds.md:3: owner: required field is missing\n  knowledge/refunds.md:4: verify_every: not a duration',
    ]);
    // Another fact changing (a reload) does not repeat the first one's problems.
    const other: InvalidSpec = { file: '/srv/knowledge/prices.md', problems: [{ path: '', message: 'empty' }] };
    expect(log.changesOf({ 'fact problem': [fact, other] })).toEqual(['fact problem: knowledge/prices.md: empty']);
    expect(log.changesOf({ 'fact problem': [fact, other] })).toEqual([]);
  });
});
