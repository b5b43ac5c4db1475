import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { documentArtifact } from '../../src/artifacts/document.js';
import type { ArtifactOptions } from '../../src/artifacts/index.js';
import { decodeReviewRef } from '../../src/surfaces/action-ids.js';
import type { ReviewState, ReviewView } from '../../src/surfaces/review-message.js';
import { renderReviewMessage, TRUNCATED_NOTE } from '../../src/surfaces/review-message.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { textOf } from '../support/text-of.js';

const AT = new Date('2024-05-01T08:00:00Z');
const SLACK_DATE = '<!date^1714550400^{date_short_pretty} at {time}|2024-05-01 08:00 UTC>';

function view(overrides: Partial<ReviewView> = {}): ReviewView {
  return {
    agent: 'weekly-report',
    artifact: {
      id: 'art_1',
      version: 1,
      options: { type: 'message' },
      content: { text: 'Hello team,\nthe report is ready.' },
    },
    trigger: { kind: 'command', userId: 'U1' },
    state: { status: 'pending' },
    correctionsUsed: 0,
    ...overrides,
  };
}

function buttons(blocks: KnownBlock[]) {
  return blocks
    .flatMap((block) => (block.type === 'actions' ? block.elements : []))
    .map((el) => (el.type === 'button' ? el : undefined));
}

function contexts(blocks: KnownBlock[]): string[] {
  return blocks.filter((block) => block.type === 'context').map(textOf);
}

describe('renderReviewMessage: layout', () => {
  it('starts with a context line naming the agent and the trigger', () => {
    const { blocks } = renderReviewMessage(view());
    expect(blocks[0]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '*weekly-report* · requested by <@U1> with /coworker' }],
    });
  });

  it('adds the version after the first and the corrections that shaped it', () => {
    const base = view();
    const { blocks } = renderReviewMessage(view({ artifact: { ...base.artifact, version: 2 }, correctionsUsed: 3 }));
    expect(textOf(blocks[0])).toBe(
      '*weekly-report* · requested by <@U1> with /coworker · version 2 · shaped by 3 corrections',
    );
    expect(textOf(renderReviewMessage(view({ correctionsUsed: 1 })).blocks[0])).toContain('shaped by 1 correction');
    expect(textOf(renderReviewMessage(view({ correctionsUsed: 1 })).blocks[0])).not.toContain('corrections');
  });

  it('says under the headline which attached files were read and which skipped, escaped, and nothing without any', () => {
    const { blocks } = renderReviewMessage(
      view({
        attachments: {
          read: [{ name: 'invoice.pdf' }, { name: 'data.csv' }],
          skipped: [
            { name: 'movie.mp4', reason: 'unsupported_type' },
            { name: '<!here>.pdf', reason: 'too_large' },
          ],
        },
      }),
    );
    expect(textOf(blocks[1])).toBe(
      '📎 Read: invoice.pdf, data.csv · Skipped: movie.mp4 (not a PDF, image or text file), &lt;!here&gt;.pdf (over 10 MB)',
    );
    expect(contexts(renderReviewMessage(view()).blocks).some((c) => c.includes('📎'))).toBe(false);
    const many = Array.from({ length: 200 }, (_, i) => ({
      name: `${'x'.repeat(40)}-${i}.mov`,
      reason: 'too_many' as const,
    }));
    const long = renderReviewMessage(view({ attachments: { read: [], skipped: many } }));
    assertWithinBlockKitLimits(long.blocks);
    expect(textOf(long.blocks[1]).length).toBeLessThanOrEqual(1600);
  });

  it('tells each kind of trigger', () => {
    const line = (trigger: ReviewView['trigger']) => textOf(renderReviewMessage(view({ trigger })).blocks[0]);
    expect(line({ kind: 'schedule', detail: '0 9 * * MON' })).toBe('*weekly-report* · scheduled (0 9 * * MON)');
    expect(line({ kind: 'command', userId: 'U1', detail: 'summarise <!here>' })).toContain(
      'with summarise &lt;!here&gt;',
    );
    expect(line({ kind: 'mention', userId: 'U2' })).toContain('requested by <@U2> in a mention');
    expect(line({ kind: 'message', userId: 'U3' })).toContain('triggered by a message from <@U3>');
    expect(line({ kind: 'retry', userId: 'U4' })).toContain('retried by <@U4>');
    expect(line({ kind: 'revise', userId: 'U5' })).toContain("revised by <@U5> with the thread's corrections");
    expect(line({ kind: 'rerun', userId: 'U6' })).toContain('re-run by <@U6>');
    expect(line({ kind: 'cli' })).toContain('run from the command line');
  });

  it('shows the artifact surface after the context line', () => {
    const { blocks } = renderReviewMessage(view());
    expect(blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: '>Hello team,\n>the report is ready.' },
    });
  });

  it('escapes the agent name', () => {
    expect(textOf(renderReviewMessage(view({ agent: '<!channel>' })).blocks[0])).toMatch(/^\*&lt;!channel&gt;\* ·/);
  });

  it('has a short notification text with the agent and a preview', () => {
    const { text } = renderReviewMessage(view());
    expect(text).toBe('weekly-report — needs a review: Hello team, the report is ready.');
    const approved = renderReviewMessage(view({ state: { status: 'approved', by: 'U2', at: AT } }));
    expect(approved.text).toBe('weekly-report — approved: Hello team, the report is ready.');
  });
});

describe('renderReviewMessage: pending', () => {
  it('offers exactly Approve, Edit and Reject, each carrying the artifact version', () => {
    const base = view();
    const { blocks } = renderReviewMessage(view({ artifact: { ...base.artifact, id: 'art_9', version: 4 } }));
    expect(blocks.at(-1)?.type).toBe('actions');
    const all = buttons(blocks);
    expect(all.map((b) => b?.text.text)).toEqual(['Approve', 'Edit', 'Reject']);
    expect(all.map((b) => b?.action_id)).toEqual(['review_approve', 'review_edit', 'review_reject']);
    expect(all.map((b) => b?.style)).toEqual(['primary', undefined, 'danger']);
    for (const b of all) expect(decodeReviewRef(b?.value ?? '')).toEqual({ artifactId: 'art_9', version: 4 });
  });

  it('counts approvals when the quorum is above one', () => {
    const { blocks } = renderReviewMessage(view({ approvals: { count: 1, needed: 2 } }));
    expect(contexts(blocks)).toContain('1 of 2 approvals');
    expect(blocks.at(-2)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '1 of 2 approvals' }] });
    expect(contexts(renderReviewMessage(view({ approvals: { count: 0, needed: 1 } })).blocks).join()).not.toContain(
      'approvals',
    );
  });
});

describe('renderReviewMessage: after the review', () => {
  it('approved: no buttons, who and when', () => {
    const { blocks } = renderReviewMessage(view({ state: { status: 'approved', by: 'U2', at: AT } }));
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(blocks.at(-1)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `✅ *Approved* by <@U2> ${SLACK_DATE}` }],
    });
  });

  it('approved with edits, and with the quorum reached', () => {
    const { blocks } = renderReviewMessage(
      view({ state: { status: 'approved', by: 'U2', at: AT, edited: true }, approvals: { count: 2, needed: 2 } }),
    );
    expect(textOf(blocks.at(-1))).toBe(`✅ *Approved with edits* by <@U2> ${SLACK_DATE} · 2 of 2 approvals`);
  });

  it('rejected: no buttons, who and when', () => {
    const { blocks } = renderReviewMessage(view({ state: { status: 'rejected', by: 'U3', at: AT } }));
    expect(buttons(blocks)).toEqual([]);
    expect(textOf(blocks.at(-1))).toBe(`❌ *Rejected* by <@U3> ${SLACK_DATE}`);
  });

  it('superseded: says by which version, no buttons', () => {
    const { blocks } = renderReviewMessage(view({ state: { status: 'superseded', byVersion: 2 } }));
    expect(buttons(blocks)).toEqual([]);
    expect(textOf(blocks.at(-1))).toBe('↩️ *Superseded* by version 2 — this version will not be applied.');
    expect(textOf(renderReviewMessage(view({ state: { status: 'superseded' } })).blocks.at(-1))).toContain(
      'by a newer version',
    );
  });

  it('expired: says nothing was applied and offers only Re-run', () => {
    const { blocks, text } = renderReviewMessage(view({ state: { status: 'expired', at: AT } }));
    expect(contexts(blocks)).toContain(`⌛ *Expired* ${SLACK_DATE} — nothing was applied.`);
    const all = buttons(blocks);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ text: { text: 'Re-run' }, action_id: 'review_rerun' });
    expect(decodeReviewRef(all[0]?.value ?? '')).toEqual({ artifactId: 'art_1', version: 1 });
    expect(text).toContain('review expired');
  });
});

describe('renderReviewMessage: limits', () => {
  const huge: { options: ArtifactOptions; content: unknown }[] = [
    { options: { type: 'message' }, content: { text: `<b>&${'x'.repeat(1_000_000)}\n`.repeat(2) } },
    {
      options: { type: 'document' },
      content: {
        title: 'T'.repeat(500),
        sections: Array.from({ length: 500 }, (_, i) => ({ heading: `Part ${i + 1}`, body: 'body '.repeat(400) })),
      },
    },
    {
      options: { type: 'table', columns: Array.from({ length: 20 }, (_, i) => `c${i}`) },
      content: {
        rows: Array.from({ length: 10_000 }, () =>
          Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, 'v'.repeat(30)])),
        ),
      },
    },
    {
      options: { type: 'checklist' },
      content: {
        items: Array.from({ length: 5000 }, (_, i) => ({
          text: `Do ${i} ${'a'.repeat(200)}`,
          owner: 'U1',
          due: '2024-01-01',
        })),
      },
    },
    {
      options: { type: 'decision', labels: ['go', 'no-go'] },
      content: { label: 'go', confidence: 0.5, reasons: Array.from({ length: 3000 }, () => 'r'.repeat(2000)) },
    },
    {
      options: { type: 'changes' },
      content: {
        changes: Array.from({ length: 5000 }, (_, i) => ({
          record: `acct_${i}`,
          field: 'tier',
          before: 'b'.repeat(1000),
          after: 'a',
          reason: 'why',
        })),
      },
    },
  ];
  const states: ReviewState[] = [
    { status: 'pending' },
    { status: 'approved', by: 'U2', at: AT, edited: true },
    { status: 'rejected', by: 'U2', at: AT },
    { status: 'superseded', byVersion: 3 },
    { status: 'expired', at: AT },
  ];

  it.each(huge.map((h) => [h.options.type, h] as const))(
    '%s: any content in any state stays within Block Kit limits',
    (_, { options, content }) => {
      for (const state of states) {
        const rendered = renderReviewMessage(
          view({
            agent: 'a'.repeat(500),
            artifact: { id: 'art_1', version: 12, options, content },
            trigger: { kind: 'command', userId: 'U1', detail: 'd'.repeat(10_000) },
            state,
            correctionsUsed: 99,
            approvals: { count: 1, needed: 3 },
          }),
        );
        assertWithinBlockKitLimits(rendered.blocks, { text: rendered.text });
        expect(contexts(rendered.blocks)).toContain(TRUNCATED_NOTE);
        expect(rendered.fullText?.length).toBeGreaterThan(10_000);
      }
    },
  );

  it('caps a 500-section document at 50 blocks, keeps the buttons, and returns the full text', () => {
    const content = {
      title: 'Handbook',
      sections: Array.from({ length: 500 }, (_, i) => ({ heading: `Rule ${i + 1}`, body: `Text of rule ${i + 1}.` })),
    };
    const rendered = renderReviewMessage(
      view({ artifact: { id: 'art_2', version: 1, options: { type: 'document' }, content } }),
    );
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    assertWithinBlockKitLimits(rendered.blocks, { text: rendered.text });
    expect(buttons(rendered.blocks).map((b) => b?.text.text)).toEqual(['Approve', 'Edit', 'Reject']);
    expect(contexts(rendered.blocks)).toContain(TRUNCATED_NOTE);
    expect(rendered.fullText).toBe(documentArtifact.toText(content, { type: 'document' }));
    expect(rendered.fullText).toContain('## 500. Rule 500');
  });

  it('has no note and no full text when nothing was cut', () => {
    const rendered = renderReviewMessage(view());
    expect(rendered.fullText).toBeUndefined();
    expect(contexts(rendered.blocks)).not.toContain(TRUNCATED_NOTE);
  });

  it('shows content that does not match its type as JSON instead of failing', () => {
    const rendered = renderReviewMessage(
      view({
        artifact: { id: 'a', version: 1, options: { type: 'table', columns: ['x'] }, content: { rows: [{ y: '1' }] } },
      }),
    );
    expect(textOf(rendered.blocks)).toContain('does not match its artifact type');
    expect(textOf(rendered.blocks)).toContain('"y": "1"');
    expect(buttons(rendered.blocks)).toHaveLength(3);
    assertWithinBlockKitLimits(rendered.blocks, { text: rendered.text });
  });
});
