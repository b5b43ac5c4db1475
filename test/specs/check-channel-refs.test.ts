import { describe, expect, it } from 'vitest';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { checkChannelRefs } from '../../src/specs/check-channel-refs.js';

const agent = (raw: Record<string, unknown>) => ({
  file: '/agents/a.yaml',
  hash: 'h',
  spec: AgentSpec.parse({ name: 'a', instructions: 'i', artifact: { type: 'message' }, ...raw }),
});

describe('checkChannelRefs', () => {
  it('reports every channel name Slack does not know, on_approve steps included (through their kind), never an ID', async () => {
    const known = new Set(['support']);
    const problems = await checkChannelRefs(
      [
        agent({
          channels: ['#support', 'C0123456789', '#ghost'],
          triggers: { schedule: [{ cron: '0 9 * * *', channel: '#support' }] },
          on_approve: [{ post: '#nowhere' }, { webhook: { url: 'https://h.example/x' } }, { post: 'C0999999999' }],
        }),
      ],
      async (ref) => (known.has(ref.replace(/^#/, '')) ? { id: 'C0SUPPORT1', name: 'support' } : undefined),
    );
    expect(problems.map((p) => [p.file, p.problem.path, p.problem.message.split(':')[0]])).toEqual([
      ['/agents/a.yaml', 'channels[2]', 'there is no channel "#ghost" the app can see'],
      ['/agents/a.yaml', 'on_approve[0].post', 'there is no channel "#nowhere" the app can see'],
    ]);
  });
});
