import { describe, expect, it } from 'vitest';
import type { ActionsContent } from '../../src/artifacts/actions.js';
import { actionsArtifact } from '../../src/artifacts/actions.js';
import { changesArtifact } from '../../src/artifacts/changes.js';
import { checklistArtifact } from '../../src/artifacts/checklist.js';
import { type CompareContext, matchLists, textOverlap, wordOverlap } from '../../src/artifacts/comparison.js';
import { decisionArtifact } from '../../src/artifacts/decision.js';
import { documentArtifact } from '../../src/artifacts/document.js';
import { messageArtifact } from '../../src/artifacts/message.js';
import { tableArtifact } from '../../src/artifacts/table.js';

const NO_JUDGE: CompareContext = {};

async function score(promise: Promise<{ scored: boolean; score?: number }>): Promise<number> {
  const result = await promise;
  if (!result.scored || result.score === undefined) throw new Error(`not scored: ${JSON.stringify(result)}`);
  return result.score;
}

describe('decision: by its label alone', () => {
  const options = { type: 'decision' as const, labels: ['refund', 'decline'] };
  const approved = { label: 'refund', confidence: 0.9, reasons: ['The parcel arrived damaged, photos attached.'] };

  it('a wrong label scores 0 whatever its words, the right one 1 whatever its words', async () => {
    const sameWordsOtherCall = { ...approved, label: 'decline' };
    const otherWordsSameCall = { label: 'refund', confidence: 0.2, reasons: ['Company policy.'] };
    expect(await decisionArtifact.compare(approved, sameWordsOtherCall, options, NO_JUDGE)).toEqual({
      scored: true,
      score: 0,
      detail: 'decline, not refund',
      labels: { expected: 'refund', actual: 'decline' },
    });
    expect(await score(decisionArtifact.compare(approved, otherWordsSameCall, options, NO_JUDGE))).toBe(1);
  });

  it('never asks a judge', async () => {
    const judge = () => Promise.reject(new Error('a decision asked the judge'));
    expect(await score(decisionArtifact.compare(approved, approved, options, { judge }))).toBe(1);
  });
});

describe('table: rows matched cell by cell', () => {
  const options = { type: 'table' as const, columns: ['company', 'contact', 'score', 'next_step'] };
  const approved = {
    rows: [
      { company: 'Acme', contact: 'Dana', score: '90', next_step: 'Call Monday' },
      { company: 'Globex', contact: 'Hank', score: '75', next_step: 'Send deck' },
      { company: 'Initech', contact: 'Bill', score: '40', next_step: 'Nurture' },
    ],
  };

  it('one wrong cell scores strictly between 0 and 1 (by the cell), rows in any order and case aside agree', async () => {
    const oneWrongCell = {
      rows: [approved.rows[0], { ...approved.rows[1], score: '60' }, approved.rows[2]] as typeof approved.rows,
    };
    const oneCell = await score(tableArtifact.compare(approved, oneWrongCell, options, NO_JUDGE));
    expect(oneCell).toBeGreaterThan(0);
    expect(oneCell).toBeLessThan(1);
    // 11 of 12 cells: precision = recall = (1 + 0.75 + 1) / 3.
    expect(oneCell).toBeCloseTo(2.75 / 3, 10);

    const reordered = { rows: [...approved.rows].reverse().map((r) => ({ ...r, company: r.company.toUpperCase() })) };
    expect(await score(tableArtifact.compare(approved, reordered, options, NO_JUDGE))).toBe(1);
  });

  it('a missing row costs recall, an invented row precision', async () => {
    const missing = { rows: approved.rows.slice(0, 2) };
    const invented = {
      rows: [...approved.rows, { company: 'Umbrella', contact: 'Al', score: '10', next_step: 'Drop' }],
    };
    const lost = await tableArtifact.compare(approved, missing, options, NO_JUDGE);
    expect(lost).toMatchObject({ scored: true, detail: 'precision 100%, recall 67% of 3 rows' });
    expect(await score(Promise.resolve(lost))).toBeCloseTo(0.8, 10);
    const extra = await tableArtifact.compare(approved, invented, options, NO_JUDGE);
    expect(extra).toMatchObject({ detail: 'precision 75%, recall 100% of 3 rows' });
    expect(await score(tableArtifact.compare(approved, { rows: [] }, options, NO_JUDGE))).toBe(0);
    expect(await score(tableArtifact.compare({ rows: [] }, { rows: [] }, options, NO_JUDGE))).toBe(1);
  });
});

describe('checklist: items by their words, owner and due date', () => {
  const approved = {
    items: [{ text: 'Send the contract to Acme', owner: 'Dana', due: '2026-12-04' }, { text: 'Book the kickoff call' }],
  };

  it('scores precision and recall over items, field by field', async () => {
    expect(await score(checklistArtifact.compare(approved, approved, { type: 'checklist' }, NO_JUDGE))).toBe(1);
    const wrongOwner = { items: [{ ...approved.items[0], owner: 'Hank' }, approved.items[1]] } as typeof approved;
    const owner = await score(checklistArtifact.compare(approved, wrongOwner, { type: 'checklist' }, NO_JUDGE));
    // Item 1 agrees on text and due date, not owner: 2/3; item 2 fully.
    expect(owner).toBeCloseTo((2 / 3 + 1) / 2, 10);
    const half = await checklistArtifact.compare(
      approved,
      { items: [approved.items[0] as (typeof approved.items)[number]] },
      { type: 'checklist' },
      NO_JUDGE,
    );
    expect(half).toMatchObject({ detail: 'precision 100%, recall 50% of 2 items' });
    const unrelated = { items: [{ text: 'Water plants' }, { text: 'Order pizza' }] };
    expect(await score(checklistArtifact.compare(approved, unrelated, { type: 'checklist' }, NO_JUDGE))).toBe(0);
  });
});

describe('changes: the same record and field, then the values', () => {
  const change = (record: string, field: string, before: string, after: string) => ({
    record,
    field,
    before,
    after,
    reason: 'Because.',
  });
  const approved = {
    changes: [change('C-1', 'stage', 'lead', 'won'), change('C-2', 'owner', 'Dana', 'Hank')],
  };

  it('scores precision and recall over changes; a wrong new value halves a change, another record counts nothing', async () => {
    const wrongAfter = { changes: [change('C-1', 'stage', 'lead', 'lost'), approved.changes[1]] } as typeof approved;
    expect(await score(changesArtifact.compare(approved, wrongAfter, { type: 'changes' }, NO_JUDGE))).toBeCloseTo(
      0.75,
      10,
    );
    const otherRecord = { changes: [change('C-9', 'stage', 'lead', 'won'), approved.changes[1]] } as typeof approved;
    const other = await changesArtifact.compare(approved, otherRecord, { type: 'changes' }, NO_JUDGE);
    expect(other).toMatchObject({ score: 0.5, detail: 'precision 50%, recall 50% of 2 changes' });
    const plusOne = { changes: [...approved.changes, change('C-3', 'stage', 'lead', 'won')] };
    expect(await changesArtifact.compare(approved, plusOne, { type: 'changes' }, NO_JUDGE)).toMatchObject({
      detail: 'precision 67%, recall 100% of 2 changes',
    });
  });
});

describe('actions: calls matched by server.tool and their arguments', () => {
  const options = { type: 'actions' as const, write_tools: [] };
  const call = (tool: string, args: Record<string, unknown>) => ({ tool, arguments: args, reason: 'Why not.' });
  const approved: ActionsContent = {
    actions: [
      call('crm.update_contact', { id: 'C-1', field: 'stage', value: 'won' }),
      call('crm.add_note', { id: 'C-1', note: 'Signed.', tags: ['deal', 'q4'] }),
    ],
  };

  it('argument equality field by field; another tool with the same arguments is not the same call', async () => {
    const reordered: ActionsContent = {
      actions: [
        call('crm.add_note', { tags: ['deal', 'q4'], note: 'Signed.', id: 'C-1' }),
        call('crm.update_contact', { value: 'won', field: 'stage', id: 'C-1' }),
      ],
    };
    expect(await score(actionsArtifact.compare(approved, reordered, options, NO_JUDGE))).toBe(1);
    const oneArgument: ActionsContent = {
      actions: [call('crm.update_contact', { id: 'C-1', field: 'stage', value: 'lost' }), approved.actions[1]!],
    };
    // 2 of 3 arguments of the first call, the second call fully.
    expect(await score(actionsArtifact.compare(approved, oneArgument, options, NO_JUDGE))).toBeCloseTo(
      (2 / 3 + 1) / 2,
      10,
    );
    const otherTool: ActionsContent = {
      actions: [call('crm.delete_contact', { id: 'C-1', field: 'stage', value: 'won' }), approved.actions[1]!],
    };
    expect(await actionsArtifact.compare(approved, otherTool, options, NO_JUDGE)).toMatchObject({
      score: 0.5,
      detail: 'precision 50%, recall 50% of 2 calls',
    });
    const nestedDiffers: ActionsContent = {
      actions: [approved.actions[0]!, call('crm.add_note', { id: 'C-1', note: 'Signed.', tags: ['q4', 'deal'] })],
    };
    expect(await score(actionsArtifact.compare(approved, nestedDiffers, options, NO_JUDGE))).toBeCloseTo(
      (1 + 2 / 3) / 2,
      10,
    );
  });
});

describe('message and document: by the judge, or text overlap with --judge none', () => {
  it('gives the judge both versions as people read them and takes its score and the corrections broken', async () => {
    const seen: Array<{ approved: string; candidate: string }> = [];
    const ctx: CompareContext = {
      judge: async (versions) => {
        seen.push(versions);
        return { ok: true, score: 0.7, reason: 'It forgets the tracking number.', broken: [2], approvedAs: 'B' };
      },
    };
    const result = await messageArtifact.compare(
      { text: 'Shipped: JD0142.' },
      { text: 'Shipped.' },
      { type: 'message' },
      ctx,
    );
    expect(result).toEqual({
      scored: true,
      score: 0.7,
      detail: 'It forgets the tracking number.',
      broken: [2],
      approvedAs: 'B',
    });
    expect(seen).toEqual([{ approved: 'Shipped: JD0142.', candidate: 'Shipped.' }]);

    const doc = { title: 'Digest', sections: [{ heading: 'Leads', body: 'Acme and Globex.' }] };
    await documentArtifact.compare(doc, { ...doc, title: 'Weekly digest' }, { type: 'document' }, ctx);
    expect(seen[1]?.approved).toContain('Acme and Globex.');
    expect(seen[1]?.candidate).toContain('Weekly digest');
  });

  it('a judge that gave no usable answer leaves the case unscored, saying why', async () => {
    const ctx: CompareContext = { judge: async () => ({ ok: false, problem: "the judge's answer was not usable" }) };
    expect(await messageArtifact.compare({ text: 'a' }, { text: 'b' }, { type: 'message' }, ctx)).toEqual({
      scored: false,
      reason: "the judge's answer was not usable",
    });
  });

  it('without a judge, scores by word-bigram overlap and checks no rules', async () => {
    const approved = { text: 'Your refund of 40 euros was sent today and arrives within five days' };
    const close = await messageArtifact.compare(
      approved,
      { text: 'Your refund of 40 euros was sent today and should arrive within five days' },
      { type: 'message' },
      NO_JUDGE,
    );
    expect(close).toMatchObject({ scored: true, detail: 'text overlap' });
    expect(close).not.toHaveProperty('broken');
    expect(await score(Promise.resolve(close))).toBeGreaterThan(0.7);
    expect(await score(Promise.resolve(close))).toBeLessThan(1);
  });
});

describe('the shared measures', () => {
  it('text overlap by word bigrams, word overlap by words, both case- and punctuation-insensitive', () => {
    expect(textOverlap('Hello Alice, your refund is on its way.', 'hello alice your refund is on its way')).toBe(1);
    expect(textOverlap('refund approved today', 'shipping delayed again')).toBe(0);
    expect(textOverlap('', '')).toBe(1);
    expect(textOverlap('', 'x')).toBe(0);
    expect(textOverlap('Send the invoice', 'Send invoice')).toBe(0);
    expect(wordOverlap('Send the invoice', 'Send invoice')).toBeCloseTo(0.8, 10);
  });

  it('pairs each record once, best pairs first', () => {
    const same = (a: string, b: string) => (a === b ? 1 : 0);
    expect(matchLists(['a', 'a'], ['a'], same)).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3 });
    expect(matchLists([], ['a'], same)).toEqual({ precision: 0, recall: 0, f1: 0 });
  });
});
