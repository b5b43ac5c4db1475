import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ReviewView } from '../../src/surfaces/review-message.js';
import { renderReviewMessage } from '../../src/surfaces/review-message.js';
import { renderLookingUp } from '../../src/surfaces/run-status.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

function view(toolCalls: ReviewView['toolCalls']): ReviewView {
  return {
    agent: 'support-reply',
    artifact: { id: 'art_1', version: 1, options: { type: 'message' }, content: { text: 'Hi Ada' } },
    trigger: { kind: 'command', userId: 'U1' },
    state: { status: 'pending' },
    correctionsUsed: 0,
    ...(toolCalls ? { toolCalls } : {}),
  };
}

const contexts = (blocks: KnownBlock[]) => blocks.filter((b) => b.type === 'context').map(textOf);

describe('tool calls in the review message', () => {
  it('lists the calls a run made, counted, and those it refused, above the buttons', () => {
    const message = renderReviewMessage(
      view([
        { tool: 'crm.search_nodes', refused: false },
        { tool: 'docs.fetch', refused: false },
        { tool: 'crm.search_nodes', refused: false },
        { tool: 'crm.update_contact', refused: true },
      ]),
    );
    expect(contexts(message.blocks)).toContain(
      '🔎 Looked up: crm.search_nodes ×2, docs.fetch · Refused during the run: crm.update_contact',
    );
    const line = message.blocks.findIndex((b) => b.type === 'context' && textOf(b).includes('Looked up'));
    expect(message.blocks[line + 1]?.type).toBe('actions');
    assertWithinBlockKitLimits(message.blocks, { text: message.text });
  });

  it('shows nothing for a run without tool calls, and escapes tool names', () => {
    expect(contexts(renderReviewMessage(view(undefined)).blocks).join('\n')).not.toContain('Looked up');
    const escaped = renderReviewMessage(view([{ tool: 'crm.<b>&', refused: false }]));
    expect(contexts(escaped.blocks).join('\n')).toContain('Looked up: crm.&lt;b&gt;&amp;');
  });

  it('keeps a long list within Block Kit limits', () => {
    const calls = Array.from({ length: 300 }, (_, i) => ({
      tool: `server-${i}.tool_with_a_long_name_${i}`,
      refused: false,
    }));
    const message = renderReviewMessage(view(calls));
    assertWithinBlockKitLimits(message.blocks, { text: message.text });
  });
});

describe('renderLookingUp', () => {
  it('names the tool being called in the progress message', () => {
    const message = renderLookingUp({
      agent: 'support-reply',
      trigger: { kind: 'command', userId: 'U1' },
      tool: 'crm.search_nodes',
    });
    expect(message.text).toBe('⏳ support-reply is looking up crm.search_nodes…');
    expect(textOf(message.blocks)).toContain('⏳ *support-reply* is looking up crm.search_nodes…');
  });
});
