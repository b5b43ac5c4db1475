import { describe, expect, it } from 'vitest';
import { renderAppHome } from '../../src/surfaces/app-home.js';
import type { FactView, KnowledgeOverview } from '../../src/surfaces/fact-view.js';
import { renderKnowledgeList } from '../../src/surfaces/knowledge-list.js';
import { renderKnowledgeSummary } from '../../src/surfaces/knowledge-summary.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { blocksText } from '../support/find-button.js';

const NOW = new Date('2026-12-02T10:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

function fact(overrides: Partial<FactView> = {}): FactView {
  return {
    id: 'refund-policy',
    title: 'Refund policy',
    owner: '@support-leads',
    version: 3,
    verifiedAt: ago(12),
    dueAt: new Date(ago(12).getTime() + 90 * DAY),
    due: false,
    openDisputes: 0,
    agents: ['support-reply'],
    runs: 14,
    ...overrides,
  };
}

function overview(facts: FactView[], problems: string[] = []): KnowledgeOverview {
  return { dir: 'knowledge', facts, problems };
}

describe('/coworker knowledge (renderKnowledgeList)', () => {
  it('names each fact with its owner, version, verification, due date, agents and runs', () => {
    const { text, blocks } = renderKnowledgeList(
      overview([
        fact({ verifiedBy: 'U0BOB' }),
        fact({ id: 'price-list', title: 'Price list', owner: 'U0CAROL', version: 1, agents: [], runs: 0 }),
      ]),
      NOW,
    );
    assertWithinBlockKitLimits(blocks, { text });
    expect(text).toBe('Team knowledge: 2 facts · 0 due · 0 disputed');
    const shown = blocksText(blocks);
    expect(shown).toContain('*Refund policy* (`refund-policy`) · v3 · owner @support-leads');
    expect(shown).toContain('Verified 12 d ago by <@U0BOB> · due <!date^');
    expect(shown).toContain('Used by `support-reply` · 14 runs in the last 30 days');
    expect(shown).toContain('*Price list* (`price-list`) · v1 · owner <@U0CAROL>');
    expect(shown).toContain('Verified 12 d ago by its change');
    expect(shown).toContain('No agent names it · no runs in the last 30 days');
    expect(shown).not.toContain('⚠');
  });

  it('flags a due fact, one marked as needing a change, and open disputes, and lists them first', () => {
    const { text, blocks } = renderKnowledgeList(
      overview([
        fact({ id: 'a-fine', title: 'A fine fact' }),
        fact({ id: 'due', title: 'Due fact', due: true, dueAt: ago(3) }),
        fact({
          id: 'changing',
          title: 'Changing fact',
          needsChange: { by: 'U0DAN', at: ago(2), note: 'The <b>limit</b> is now\n14 days' },
        }),
        fact({ id: 'contested', title: 'Contested fact', openDisputes: 2 }),
      ]),
      NOW,
    );
    assertWithinBlockKitLimits(blocks, { text });
    expect(text).toBe('Team knowledge: 4 facts · 1 due · 2 disputed · 2 open disputes');
    const sections = blocks.filter((b) => b.type === 'section').map((b) => blocksText([b]));
    expect(sections.map((s) => /\(`([a-z-]+)`\)/.exec(s)?.[1])).toEqual(['due', 'changing', 'contested', 'a-fine']);
    expect(sections[0]).toContain('⚠ due since <!date^');
    expect(sections[1]).toContain(
      '⚠ Disputed: <@U0DAN> said it needs a change 2 d ago: “The &lt;b&gt;limit&lt;/b&gt; is now 14 days”',
    );
    expect(sections[2]).toContain('⚠ Disputed: 2 open disputes, waiting for its owner');
    expect(sections[3]).not.toContain('⚠');
  });

  it('stays within one message for any number of facts, ending with "…and N more"', () => {
    const many = Array.from({ length: 400 }, (_, i) =>
      fact({
        id: `fact-${String(i).padStart(3, '0')}`,
        title: `${'Long title '.repeat(13)}${i}`.slice(0, 150),
        agents: Array.from({ length: 30 }, (_, a) => `agent-with-a-long-name-${a}`),
        needsChange: { by: 'U0DAN', at: ago(1), note: 'x'.repeat(2000) },
      }),
    );
    const problems = Array.from({ length: 100 }, (_, i) => `knowledge/bad-${i}.md:3: owner: "bob" is neither …`);
    const { text, blocks } = renderKnowledgeList(overview(many, problems), NOW);
    assertWithinBlockKitLimits(blocks, { text });
    const shown = blocksText(blocks);
    expect(shown).toMatch(/…and \d+ more facts \(in knowledge\)\./);
    expect(shown).toContain('and 20 more');
    expect(shown).toContain('*Fact files with problems*');
    expect(shown).toContain('knowledge/bad-0.md:3: owner');
  });

  it('lists invalid fact files with their problems, and says how to start when there is nothing', () => {
    const { blocks } = renderKnowledgeList(overview([], ['knowledge/bad.md:3: owner: "bob" is <neither>']), NOW);
    assertWithinBlockKitLimits(blocks);
    expect(blocksText(blocks)).toContain('• knowledge/bad.md:3: owner: "bob" is &lt;neither&gt;');
    const empty = renderKnowledgeList(overview([]), NOW);
    expect(empty.text).toMatch(/^No team facts yet: add Markdown files .* to knowledge \(KNOWLEDGE_DIR\)/);
  });
});

describe("App Home's team knowledge (renderKnowledgeSummary)", () => {
  it('counts the facts and names the first few waiting for their owner, with their owners', () => {
    const waiting = Array.from({ length: 7 }, (_, i) =>
      fact({ id: `due-${i}`, title: `Due ${i}`, due: true, dueAt: ago(10 - i), owner: 'U0ERIN' }),
    );
    const blocks = renderKnowledgeSummary(
      overview([fact(), fact({ id: 'disputed', title: 'Disputed', openDisputes: 1 }), ...waiting]),
    );
    assertWithinBlockKitLimits(blocks, { maxBlocks: 100 });
    const shown = blocksText(blocks);
    expect(shown).toContain('*Team knowledge* · 9 facts · 7 due · 1 disputed · 1 open dispute');
    expect(shown).toContain('⚠ *Due 0* (`due-0`), owner <@U0ERIN>: due since <!date^');
    expect(shown).toContain('…and 3 more waiting: `/coworker knowledge` lists every fact.');
    expect(shown).not.toContain('Refund policy');
  });

  it('says all is well when nothing waits, and shows nothing without facts', () => {
    expect(blocksText(renderKnowledgeSummary(overview([fact()])))).toContain('It is verified and undisputed.');
    expect(renderKnowledgeSummary(overview([]))).toEqual([]);
  });

  it('keeps App Home within 100 blocks with many agents, the summary and the problems', () => {
    const score = (agent: string) => ({
      agent,
      runs: 1,
      failures: 0,
      pending: 0,
      approved: 0,
      decided: 0,
      approvalRate: null,
      zeroTouchRate: null,
      corrections: 0,
      costUsd: null,
      costPerApproved: null,
      medianDecisionSeconds: null,
    });
    const view = renderAppHome({
      board: {
        agents: Array.from({ length: 20 }, (_, i) => ({
          ...score(`agent-${i}`),
          recentFailures: 0,
          drift: [],
          runsPerDay: [0, 1],
        })),
        total: 150,
        page: 0,
        first: 0,
        pages: 8,
        channels: ['support'],
      },
      problems: ['knowledge/bad.md:3: owner: nope'],
      knowledge: overview([fact({ due: true, dueAt: ago(1) })]),
    });
    // As the scorecard's own test: a Home tab has no total-text limit like a message's.
    assertWithinBlockKitLimits(view.blocks, { maxBlocks: 100, maxTotalText: 60_000 });
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const shown = blocksText(view.blocks);
    expect(shown).toContain('*Team knowledge* · 1 fact · 1 due');
    expect(shown).toContain('knowledge/bad.md:3: owner: nope');
  });
});
