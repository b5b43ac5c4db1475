import { describe, expect, it } from 'vitest';
import { AgentRegistry } from '../../src/specs/agent-registry.js';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { parseCommand } from '../../src/triggers/parse-command.js';
import { resolveMention, stripMentions } from '../../src/triggers/resolve-mention.js';

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['LIST', { kind: 'list' }],
    ['status', { kind: 'status' }],
    ['corrections lead-digest', { kind: 'corrections', agent: 'lead-digest' }],
    ['Knowledge', { kind: 'knowledge' }],
    ['run', { kind: 'run', agent: undefined, input: '' }],
    ['run support-reply  Hello\nthere ', { kind: 'run', agent: 'support-reply', input: 'Hello\nthere' }],
    ['digest last week', { kind: 'trigger', command: 'digest', input: 'last week' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

function agent(name: string, mention: boolean) {
  return {
    spec: AgentSpec.parse({
      name,
      channels: ['#support'],
      instructions: 'x',
      artifact: { type: 'message' },
      triggers: { mention },
    }),
    file: `/a/${name}.yaml`,
    hash: name,
  };
}

describe('resolveMention', () => {
  const support = { id: 'C1', name: 'support' };

  it('runs the named agent with the rest as input', () => {
    const registry = new AgentRegistry({ agents: [agent('reply', true), agent('notes', true)], invalid: [] });
    expect(resolveMention(registry, support, 'notes the meeting')).toMatchObject({
      agent: { spec: { name: 'notes' } },
      input: 'the meeting',
    });
  });

  it('runs the only mention agent with the whole text', () => {
    const registry = new AgentRegistry({ agents: [agent('reply', true), agent('quiet', false)], invalid: [] });
    expect(resolveMention(registry, support, 'where is my order')).toMatchObject({
      agent: { spec: { name: 'reply' } },
      input: 'where is my order',
    });
  });

  it('lists the choices when several agents listen', () => {
    const registry = new AgentRegistry({ agents: [agent('reply', true), agent('notes', true)], invalid: [] });
    expect(() => resolveMention(registry, support, 'hello')).toThrow(
      /Several agents here answer mentions: `reply`, `notes`/,
    );
  });

  it('refuses an agent that does not listen for mentions, and a channel it is not in', () => {
    const registry = new AgentRegistry({ agents: [agent('reply', true), agent('quiet', false)], invalid: [] });
    expect(() => resolveMention(registry, support, 'quiet hi')).toThrow(
      /does not answer mentions.*\/coworker run quiet/,
    );
    expect(() => resolveMention(registry, { id: 'C2', name: 'general' }, 'reply hi')).toThrow(
      /does not work in #general\. It runs in #support/,
    );
  });

  it('strips the leading bot mention', () => {
    expect(stripMentions('<@UBOT> reply hi <@U2>')).toBe('reply hi <@U2>');
  });
});
