import type { ContextBlock, InputBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { fitEditParts } from '../../src/block-kit/fit-edit-parts.js';
import { textField } from '../../src/block-kit/text-field.js';
import { textOf } from '../support/text-of.js';

const field = (id: string) => textField({ blockId: id, label: id, value: 'v' });
const parts = (count: number, perPart: number, maxBlocks: number, lead: (InputBlock | ContextBlock)[] = []) =>
  fitEditParts({
    lead,
    count,
    part: (i) => Array.from({ length: perPart }, (_, j) => field(`p${i + 1}_${j}`)),
    noun: ['row', 'rows'],
    maxBlocks,
    empty: 'Nothing to edit.',
  });

describe('fitEditParts', () => {
  it('keeps every part when they fit, with no note', () => {
    const blocks = parts(3, 2, 6);
    expect(blocks).toHaveLength(6);
    expect(blocks.every((b) => b.type === 'input')).toBe(true);
  });

  it('keeps whole parts only, and room for the note about the rest', () => {
    const blocks = parts(10, 3, 10);
    expect(blocks).toHaveLength(10);
    expect(blocks.filter((b) => b.type === 'input')).toHaveLength(9);
    expect(textOf(blocks.at(-1))).toBe(
      '_Only rows 1–3 of 10 fit in this form. Rows 4–10 are not shown here and stay as they are._',
    );
  });

  it('words the note for one shown, one left out, and none shown', () => {
    expect(textOf(parts(2, 2, 3).at(-1))).toBe(
      '_Only row 1 of 2 fits in this form. Row 2 is not shown here and stays as it is._',
    );
    expect(textOf(parts(5, 3, 2))).toBe('_The 5 rows do not fit in this form: they stay as they are._');
    expect(textOf(parts(1, 3, 2))).toBe('_The row does not fit in this form: it stays as it is._');
  });

  it('always keeps the lead, notes an empty content, and never exceeds the budget', () => {
    const lead = [field('title')];
    expect(parts(0, 2, 5, lead)).toEqual(lead);
    expect(textOf(parts(0, 2, 5))).toBe('_Nothing to edit._');
    for (let max = 0; max < 8; max += 1) expect(parts(4, 2, max, lead).length).toBeLessThanOrEqual(max);
  });
});
