import { describe, expect, it } from 'vitest';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { meteredToolGateway } from '../../src/tools/metered-tool-gateway.js';
import { inMemoryToolGateway } from '../support/in-memory-tool-gateway.js';
import { recordingMetrics } from '../support/recording-metrics.js';

const agent = {
  spec: AgentSpec.parse({
    name: 'desk-reply',
    channels: ['#support'],
    instructions: 'i',
    artifact: { type: 'message' },
    tools: { crm: { url: 'https://crm.example/mcp' } },
  }),
  file: '/a/desk-reply.yaml',
  hash: 'h',
};
const TOOL = { server: 'crm', name: 'lookup', inputSchema: { type: 'object' }, permission: 'read' as const };

describe('meteredToolGateway', () => {
  it('counts each call by agent, server, tool and outcome, and passes results, errors and listings through', async () => {
    const inner = inMemoryToolGateway([TOOL], {
      'crm.lookup': async (args) =>
        args.fail ? { isError: true, text: 'no such customer' } : { isError: false, text: 'found' },
      'crm.down': async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    const metrics = recordingMetrics();
    const gateway = meteredToolGateway(inner, metrics);

    expect(await gateway.listTools(agent)).toEqual([TOOL]);
    expect(await gateway.callTool(agent, { server: 'crm', tool: 'lookup', arguments: {} })).toEqual({
      isError: false,
      text: 'found',
    });
    expect(await gateway.callTool(agent, { server: 'crm', tool: 'lookup', arguments: { fail: true } })).toEqual({
      isError: true,
      text: 'no such customer',
    });
    await expect(gateway.callTool(agent, { server: 'crm', tool: 'down', arguments: {} })).rejects.toThrow(
      'ECONNREFUSED',
    );
    expect(metrics.events.toolCalled).toEqual([
      { agent: 'desk-reply', server: 'crm', tool: 'lookup', outcome: 'ok' },
      { agent: 'desk-reply', server: 'crm', tool: 'lookup', outcome: 'error' },
      { agent: 'desk-reply', server: 'crm', tool: 'down', outcome: 'failed' },
    ]);
    expect(inner.calls.map((c) => c.tool)).toEqual(['lookup', 'lookup', 'down']);
  });

  it('offers retain only when the gateway it wraps does, and passes it on', async () => {
    const inner = inMemoryToolGateway([]);
    expect(meteredToolGateway(inner, recordingMetrics()).retain).toBeUndefined();
    const retained: string[][] = [];
    const retaining = {
      ...inner,
      retain: async (agents: readonly (typeof agent)[]) => void retained.push(agents.map((a) => a.spec.name)),
    };
    await meteredToolGateway(retaining, recordingMetrics()).retain?.([agent]);
    expect(retained).toEqual([['desk-reply']]);
  });
});
