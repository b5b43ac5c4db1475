import type { Message } from '@anthropic-ai/sdk/resources/messages/messages';
import { describe, expect, it } from 'vitest';
import {
  buildJudgeRequest,
  buildRulesRequest,
  JUDGE_TOOL,
  parseJudgeReply,
  parseRulesReply,
  RULES_TOOL,
  type Rubric,
} from '../../src/supervision/judge-request.js';

const rubric: Rubric = {
  spec: { name: 'support-reply', description: 'Replies to customers', instructions: 'Draft a friendly reply.' },
  corrections: [
    { kind: 'tone', target: null, instruction: 'Never promise a delivery date.' },
    { kind: 'missing', target: null, instruction: 'Always give the tracking number.' },
  ],
};

/** A reply of the model calling `name` with `input` (as the API returns it). */
function toolReply(name: string, input: unknown): Message {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-6',
    stop_reason: 'tool_use',
    stop_sequence: null,
    content: [{ type: 'tool_use', id: 'toolu_1', name, input }],
    usage: { input_tokens: 1, output_tokens: 1 },
  } as unknown as Message;
}

function userText(request: ReturnType<typeof buildJudgeRequest>): string {
  const content = request.messages[0]?.content;
  return typeof content === 'string' ? content : JSON.stringify(content);
}

describe('the judge request', () => {
  it('is a forced judge_answer call with both versions labelled A and B in the order asked, and the rubric', () => {
    const versions = { approved: 'Shipped <today>: JD0142.', candidate: 'It ships by Friday.' };
    const first = buildJudgeRequest('claude-sonnet-4-6', rubric, versions, 'A');
    expect(first.model).toBe('claude-sonnet-4-6');
    expect(first.tool_choice).toEqual({ type: 'tool', name: JUDGE_TOOL });
    expect(first.tools?.map((t) => ('name' in t ? t.name : ''))).toEqual([JUDGE_TOOL]);
    const text = userText(first);
    expect(text).toContain('<answer label="A">\nShipped &lt;today&gt;: JD0142.\n</answer>');
    expect(text).toContain('<answer label="B">\nIt ships by Friday.\n</answer>');
    expect(text).toContain('Draft a friendly reply.');
    expect(text).toContain('<correction n="1" kind="tone">Never promise a delivery date.</correction>');
    expect(text).toContain('<correction n="2" kind="missing">Always give the tracking number.</correction>');

    const swapped = userText(buildJudgeRequest('claude-sonnet-4-6', rubric, versions, 'B'));
    expect(swapped).toContain('<answer label="A">\nIt ships by Friday.\n</answer>');
    expect(swapped).toContain('<answer label="B">\nShipped &lt;today&gt;: JD0142.\n</answer>');
  });

  it('the rules request is a forced check_rules call with the one answer', () => {
    const request = buildRulesRequest('claude-haiku-4-5', rubric, 'Decision: refund');
    expect(request.tool_choice).toEqual({ type: 'tool', name: RULES_TOOL });
    expect(userText(request)).toContain('<answer>\nDecision: refund\n</answer>');
  });
});

describe('the judge answer', () => {
  const answer = { score: 0.4, reason: 'B promises a date.', a_breaks: [], b_breaks: [1] };

  it('is parsed from the forced tool call, the corrections broken mapped back to the candidate by the order', () => {
    // The approved version was shown as A: the candidate is B.
    expect(parseJudgeReply(toolReply(JUDGE_TOOL, answer), 2, 'A')).toEqual({
      ok: true,
      score: 0.4,
      reason: 'B promises a date.',
      broken: [1],
      approvedAs: 'A',
    });
    // Shown as B: the candidate is A, which breaks nothing.
    expect(parseJudgeReply(toolReply(JUDGE_TOOL, answer), 2, 'B')).toMatchObject({ ok: true, broken: [] });
  });

  it('an invalid answer is a problem in words, not a throw', () => {
    const outOfRange = parseJudgeReply(toolReply(JUDGE_TOOL, { ...answer, score: 1.5 }), 2, 'A');
    expect(outOfRange).toMatchObject({ ok: false });
    expect(outOfRange.ok ? '' : outOfRange.problem).toMatch(/^the judge's answer was not usable \(score: /);
    expect(parseJudgeReply(toolReply(JUDGE_TOOL, { ...answer, b_breaks: [3] }), 2, 'A')).toMatchObject({
      ok: false,
    });
    expect(parseJudgeReply(toolReply(JUDGE_TOOL, { score: 1 }), 2, 'A')).toMatchObject({ ok: false });
    expect(parseJudgeReply(toolReply('something_else', answer), 2, 'A')).toEqual({
      ok: false,
      problem: `the judge's answer was not usable (it answered without calling ${JUDGE_TOOL})`,
    });
  });

  it('the rules answer likewise', () => {
    expect(parseRulesReply(toolReply(RULES_TOOL, { breaks: [2, 2], reason: 'No tracking number.' }), 2)).toEqual({
      ok: true,
      broken: [2],
    });
    expect(parseRulesReply(toolReply(RULES_TOOL, { breaks: ['two'], reason: '' }), 2)).toMatchObject({ ok: false });
  });
});
