import { describe, expect, it } from 'vitest';
import { decodeRunRef } from '../../src/surfaces/action-ids.js';
import { renderRunFailed, renderRunRetrying, renderWorking } from '../../src/surfaces/run-status.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

describe('renderWorking', () => {
  it('says who is working and who asked', () => {
    const message = renderWorking({ agent: 'triage', trigger: { kind: 'command', userId: 'U123' } });
    expect(message.text).toBe('⏳ triage is working on it…');
    expect(textOf(message.blocks)).toBe('⏳ *triage* is working on it…\nrequested by <@U123> with /coworker');
    assertWithinBlockKitLimits(message.blocks, { text: message.text });
  });

  it('describes schedules with their cron', () => {
    const message = renderWorking({ agent: 'digest', trigger: { kind: 'schedule', detail: '0 9 * * MON' } });
    expect(textOf(message.blocks)).toContain('scheduled (0 9 * * MON)');
  });
});

describe('renderRunRetrying', () => {
  it('says the agent is trying again', () => {
    const message = renderRunRetrying({ agent: 'triage', trigger: { kind: 'retry', userId: 'U9' } });
    expect(textOf(message.blocks)).toBe('🔁 *triage* is trying again…\nretried by <@U9>');
  });
});

describe('renderRunFailed', () => {
  it('states the reason and offers one Retry button carrying the run', () => {
    const message = renderRunFailed({ agent: 'triage', runId: 'run_7', reason: 'The model timed out.' });
    expect(message.text).toBe('Run failed: The model timed out.');
    const actions = message.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    const [retry, ...others] = actions[0]?.type === 'actions' ? actions[0].elements : [];
    expect(others).toEqual([]);
    expect(retry).toMatchObject({
      type: 'button',
      text: { type: 'plain_text', text: 'Retry' },
      action_id: 'run_retry',
    });
    expect(decodeRunRef(retry?.type === 'button' ? (retry.value ?? '') : '')).toBe('run_7');
    assertWithinBlockKitLimits(message.blocks, { text: message.text });
  });

  it('escapes and shortens a huge reason', () => {
    const message = renderRunFailed({ agent: 'a', runId: 'r', reason: `<!channel> ${'stack '.repeat(100_000)}` });
    expect(message.text.startsWith('Run failed: &lt;!channel&gt; stack')).toBe(true);
    expect(textOf(message.blocks)).not.toContain('<!channel>');
    assertWithinBlockKitLimits(message.blocks, { text: message.text });
  });
});
