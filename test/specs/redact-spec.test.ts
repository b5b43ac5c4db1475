import { describe, expect, it } from 'vitest';
import { AgentSpec } from '../../src/specs/agent-spec.js';
import { redactSpec } from '../../src/specs/redact-spec.js';

describe('redactSpec', () => {
  it('hides webhook secrets and keeps everything else', () => {
    const spec = AgentSpec.parse({
      name: 'a',
      channels: ['#x'],
      instructions: 'i',
      artifact: { type: 'message' },
      on_approve: [
        { post: '#y' },
        { webhook: { url: 'https://h.example/hook', secret: 's3cret' } },
        { webhook: { url: 'https://h.example/open' } },
      ],
    });
    const redacted = redactSpec(spec);
    expect(JSON.stringify(redacted)).not.toContain('s3cret');
    expect(redacted.on_approve).toEqual([
      { post: '#y' },
      { webhook: { url: 'https://h.example/hook', secret: '[redacted]' } },
      { webhook: { url: 'https://h.example/open' } },
    ]);
    expect(spec.on_approve[1]).toEqual({ kind: 'webhook', url: 'https://h.example/hook', secret: 's3cret' });
  });
});
