import { describe, expect, it } from 'vitest';
import type { ChecklistContent } from '../../src/artifacts/checklist.js';
import { checklistArtifact } from '../../src/artifacts/checklist.js';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'checklist' } as const;
const content: ChecklistContent = {
  items: [{ text: 'Call Acme', owner: 'Ann', due: '2025-01-06' }, { text: 'Send the invoice' }],
};
const form = (c = content) => checklistArtifact.editForm(c, options);
const read = (values: EditFormValues, original = content) => checklistArtifact.readEditForm(values, original, options);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });

describe('checklist edit form', () => {
  it('has per item a text input and optional owner and due inputs, prefilled', () => {
    const blocks = form();
    expect(inputIds(blocks)).toEqual([
      'item_1_text',
      'item_1_owner',
      'item_1_due',
      'item_2_text',
      'item_2_owner',
      'item_2_due',
    ]);
    expect(initialValues(blocks)).toEqual({
      item_1_text: 'Call Acme',
      item_1_owner: 'Ann',
      item_1_due: '2025-01-06',
      item_2_text: 'Send the invoice',
      item_2_owner: undefined,
      item_2_due: undefined,
    });
    expect(blocks.map((b) => b.type === 'input' && b.optional)).toEqual([false, true, true, false, true, true]);
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged (no owner stays no owner)', () => {
    const result = read(submitForm(form()));
    expect(result).toEqual({ ok: true, content });
    expect(result.ok && result.content.items[1]).not.toHaveProperty('owner');
    expect(checklistArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads a new owner and a cleared due date, and describes them as the item', () => {
    const result = read(submitForm(form(), { item_1_due: null, item_2_owner: 'Bob' }));
    expect(result).toEqual({
      ok: true,
      content: {
        items: [
          { text: 'Call Acme', owner: 'Ann' },
          { text: 'Send the invoice', owner: 'Bob' },
        ],
      },
    });
    if (!result.ok) return;
    expect(checklistArtifact.describeEdit(content, result.content, options)).toEqual([
      { target: 'item 1', before: 'Call Acme — owner: Ann · due: 2025-01-06', after: 'Call Acme — owner: Ann' },
      { target: 'item 2', before: 'Send the invoice', after: 'Send the invoice — owner: Bob' },
    ]);
  });

  it('refuses an item without text, on its text input', () => {
    expect(read(submitForm(form(), { item_2_text: null }))).toEqual({
      ok: false,
      errors: { item_2_text: 'Item 2 needs some text: say what has to be done.' },
    });
  });

  it('fits 100 items in 99 blocks and keeps them all on submit', () => {
    const big: ChecklistContent = {
      items: Array.from({ length: 100 }, (_, i) =>
        i % 2 === 0 ? { text: `Task ${i + 1}`, owner: 'Ann' } : { text: `Task ${i + 1}` },
      ),
    };
    const blocks = form(big);
    expect(blocks.length).toBeLessThanOrEqual(99);
    withinLimits(blocks);
    expect(inputIds(blocks).at(-1)).toBe('item_32_due');
    expect(textOf(blocks.at(-1))).toBe(
      '_Only items 1–32 of 100 fit in this form. Items 33–100 are not shown here and stay as they are._',
    );
    expect(read(submitForm(blocks), big)).toEqual({ ok: true, content: big });
  });

  it('says an empty checklist has nothing to edit', () => {
    expect(textOf(form({ items: [] }))).toContain('no items');
  });
});

describe('checklist edit form with odd stored content', () => {
  it('keeps blank-looking stored values that the form does not change', () => {
    const odd: ChecklistContent = { items: [{ text: ' ', owner: ' ', due: ' ' }] };
    expect(checklistArtifact.readEditForm(submitForm(checklistArtifact.editForm(odd, options)), odd, options)).toEqual({
      ok: true,
      content: odd,
    });
    expect(checklistArtifact.readEditForm({}, odd, options)).toEqual({ ok: true, content: odd });
  });
});
