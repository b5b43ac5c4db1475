import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import type { AgentSpecInput } from '../../src/specs/agent-spec.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import type { LoadedAgent, SpecLoadResult } from '../../src/specs/load-specs.js';

function agent(input: Omit<AgentSpecInput, 'instructions' | 'artifact'>): LoadedAgent {
  const spec = AgentSpec.parse({ instructions: 'x', artifact: { type: 'message' }, ...input });
  return { spec, file: path.join('/agents', `${spec.name}.yaml`), hash: `hash-${spec.name}` };
}

const digest = agent({
  name: 'digest',
  channels: ['#Sales', 'C0000000OPS'],
  triggers: {
    command: 'digest',
    mention: true,
    schedule: [{ cron: '0 9 * * MON' }, { cron: '0 9 * * FRI', channel: 'C0000000OPS' }],
  },
});
const triage = agent({
  name: 'triage',
  channels: ['sales'],
  triggers: { mention: true, message: { match: 'refund', flags: 'i' } },
});
const weekly = agent({
  name: 'weekly',
  channels: ['#ops'],
  triggers: { command: 'digest', schedule: [{ cron: '0 17 * * FRI', timezone: 'UTC' }] },
});
const quiet = agent({ name: 'quiet', channels: ['C0000000OPS'] });
const result: SpecLoadResult = {
  agents: [digest, triage, weekly, quiet],
  invalid: [
    {
      file: '/agents/broken.yaml',
      problems: [{ path: 'instructions', line: 1, message: 'required field is missing' }],
    },
  ],
  warnings: [
    { file: '/agents/digest.yaml', problems: [{ path: 'name', message: 'twin.yaml is also named "digest"' }] },
  ],
};
const registry = new AgentRegistry(result);

const sales = { id: 'C00000SALES', name: 'sales' };
const ops = { id: 'C0000000OPS', name: 'ops' };
const elsewhere = { id: 'C000000ELSE', name: 'random' };

describe('AgentRegistry', () => {
  it('lists the valid and the invalid specs, and finds agents by name', () => {
    expect(registry.all().map((a) => a.spec.name)).toEqual(['digest', 'triage', 'weekly', 'quiet']);
    expect(registry.invalid()).toEqual(result.invalid);
    expect(registry.warnings()).toEqual(result.warnings);
    expect(registry.get('triage')).toBe(triage);
    expect(registry.get('nobody')).toBeUndefined();
  });

  it('is not changed by later changes to the load result', () => {
    result.agents.push(agent({ name: 'late', channels: ['#sales'] }));
    expect(registry.all()).toHaveLength(4);
    expect(Object.isFrozen(registry.all())).toBe(true);
    result.agents.pop();
  });

  it('finds the agents bound to a channel by normalised name or by ID', () => {
    expect(registry.inChannel(sales).map((a) => a.spec.name)).toEqual(['digest', 'triage']);
    expect(registry.inChannel(ops).map((a) => a.spec.name)).toEqual(['digest', 'weekly', 'quiet']);
    // Without the name only ID references can match.
    expect(registry.inChannel({ id: 'C0000000OPS' }).map((a) => a.spec.name)).toEqual(['digest', 'quiet']);
    expect(registry.inChannel(elsewhere)).toEqual([]);
    expect(registry.isBound(digest, sales)).toBe(true);
    expect(registry.isBound(triage, ops)).toBe(false);
    expect(registry.isBound(weekly.spec, ops)).toBe(true);
  });

  it('finds the command agent of a channel', () => {
    expect(registry.byCommand('digest', sales)).toBe(digest);
    expect(registry.byCommand('digest', { id: 'C000000000X', name: 'ops' })).toBe(weekly);
    expect(registry.byCommand('digest', elsewhere)).toBeUndefined();
    expect(registry.byCommand('triage', sales)).toBeUndefined();
  });

  it('finds the mention and message agents of a channel', () => {
    expect(registry.mentionAgents(sales).map((a) => a.spec.name)).toEqual(['digest', 'triage']);
    expect(registry.mentionAgents(ops).map((a) => a.spec.name)).toEqual(['digest']);
    expect(registry.messageAgents(sales).map((a) => a.spec.name)).toEqual(['triage']);
    expect(registry.messageAgents(ops)).toEqual([]);
  });

  it('lists every schedule with its index and the channel it posts in', () => {
    expect(registry.scheduled().map((s) => [s.agent.spec.name, s.index, s.schedule.cron, s.channel])).toEqual([
      ['digest', 0, '0 9 * * MON', '#Sales'],
      ['digest', 1, '0 9 * * FRI', 'C0000000OPS'],
      ['weekly', 0, '0 17 * * FRI', '#ops'],
    ]);
    expect(registry.scheduled()[2]?.schedule).toEqual({ cron: '0 17 * * FRI', timezone: 'UTC' });
  });

  it('keeps the first of two agents with one name when given duplicates', () => {
    const twin = agent({ name: 'digest', channels: ['#other'] });
    expect(new AgentRegistry({ agents: [digest, twin], invalid: [] }).get('digest')).toBe(digest);
  });
});
