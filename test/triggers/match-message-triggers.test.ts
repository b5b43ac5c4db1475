import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec, type AgentSpecInput } from '../../src/specs/agent-spec.js';
import { matchMessageTriggers } from '../../src/triggers/match-message-triggers.js';

function agent(name: string, channels: string[], triggers: AgentSpecInput['triggers']) {
  return {
    spec: AgentSpec.parse({ name, channels, instructions: 'x', artifact: { type: 'message' }, triggers }),
    file: `/a/${name}.yaml`,
    hash: name,
  };
}

function names(agents: ReturnType<typeof matchMessageTriggers>): string[] {
  return agents.map((a) => a.spec.name);
}

const sales = { id: 'C0SALES0001', name: 'sales' };
const support = { id: 'C0SUPPORT01', name: 'support' };

describe('matchMessageTriggers', () => {
  const registry = new AgentRegistry({
    agents: [
      agent('lead-alert', ['#sales'], { message: { match: 'new lead' } }),
      agent('lead-alert-ci', ['#Sales'], { message: { match: '^NEW\\s+LEAD\\b', flags: 'i' } }),
      agent('refund-watch', ['C0SUPPORT01'], { message: { match: 'refund|chargeback' } }),
      agent('mention-only', ['#sales', '#support'], { mention: true }),
    ],
    invalid: [],
  });

  it('matches by the regular expression, case-sensitively without flags', () => {
    expect(names(matchMessageTriggers(registry, sales, 'we have a new lead from ACME'))).toEqual(['lead-alert']);
    expect(names(matchMessageTriggers(registry, sales, 'A New Lead from ACME'))).toEqual([]);
  });

  it('applies the flags', () => {
    expect(names(matchMessageTriggers(registry, sales, 'New   Lead: ACME'))).toEqual(['lead-alert-ci']);
    // `^` anchors: the pattern must start the message.
    expect(names(matchMessageTriggers(registry, sales, 'fyi: NEW LEAD ACME'))).toEqual([]);
    // Both agents, in load order.
    expect(names(matchMessageTriggers(registry, sales, 'new lead from ACME'))).toEqual(['lead-alert', 'lead-alert-ci']);
  });

  it('considers only the agents bound to the channel', () => {
    expect(names(matchMessageTriggers(registry, support, 'new lead and a refund'))).toEqual(['refund-watch']);
    expect(
      names(matchMessageTriggers(registry, { id: 'C0GENERAL01', name: 'general' }, 'new lead and a refund')),
    ).toEqual([]);
    // Bound by ID: matches whatever the channel's name, or with none known.
    expect(names(matchMessageTriggers(registry, { id: 'C0SUPPORT01' }, 'chargeback!'))).toEqual(['refund-watch']);
    // Bound by name: an unnamed channel cannot be recognised.
    expect(names(matchMessageTriggers(registry, { id: 'C0SALES0001' }, 'new lead'))).toEqual([]);
  });

  it('does not let a `g` or `y` flag make the next identical message miss', () => {
    const sticky = new AgentRegistry({
      agents: [
        agent('global', ['#sales'], { message: { match: 'lead', flags: 'g' } }),
        agent('sticky', ['#sales'], { message: { match: 'lead', flags: 'gy' } }),
      ],
      invalid: [],
    });
    for (let i = 0; i < 3; i++) {
      expect(names(matchMessageTriggers(sticky, sales, 'lead one'))).toEqual(['global', 'sticky']);
    }
  });

  it('returns none when nothing matches, or when the channel has no message agents', () => {
    expect(matchMessageTriggers(registry, sales, 'hello there')).toEqual([]);
    const quiet = new AgentRegistry({ agents: [agent('mention-only', ['#sales'], { mention: true })], invalid: [] });
    expect(matchMessageTriggers(quiet, sales, 'new lead')).toEqual([]);
    expect(matchMessageTriggers(new AgentRegistry({ agents: [], invalid: [] }), sales, 'new lead')).toEqual([]);
  });
});
