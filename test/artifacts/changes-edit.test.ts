import { describe, expect, it } from 'vitest';
import type { ChangesContent } from '../../src/artifacts/changes.js';
import { changesArtifact } from '../../src/artifacts/changes.js';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'changes' } as const;
const content: ChangesContent = {
  changes: [
    { record: 'Acme', field: 'stage', before: 'lead', after: 'qualified', reason: 'They asked for a quote.' },
    { record: 'Globex', field: 'phone', before: '555-0100', after: '', reason: 'The number is dead.' },
  ],
};
const form = (c = content) => changesArtifact.editForm(c, options);
const read = (values: EditFormValues, original = content) => changesArtifact.readEditForm(values, original, options);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });

describe('changes edit form', () => {
  it('has per change the new value (record, field and current value around it) and the reason', () => {
    const blocks = form();
    expect(inputIds(blocks)).toEqual(['change_1_after', 'change_1_reason', 'change_2_after', 'change_2_reason']);
    expect(initialValues(blocks)).toEqual({
      change_1_after: 'qualified',
      change_1_reason: 'They asked for a quote.',
      change_2_after: undefined,
      change_2_reason: 'The number is dead.',
    });
    expect(blocks[0]).toMatchObject({
      optional: true,
      label: { text: '1. Acme · stage: new value' },
      hint: { text: 'Now: lead. Empty clears the field.' },
    });
    expect(blocks[2]).toMatchObject({ hint: { text: 'Now: 555-0100. Empty clears the field.' } });
    expect(blocks[1]).toMatchObject({ optional: false });
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged, an empty new value included', () => {
    expect(read(submitForm(form()))).toEqual({ ok: true, content });
    expect(changesArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads an edited new value and describes it as that change', () => {
    const result = read(submitForm(form(), { change_1_after: 'won' }));
    expect(result).toEqual({
      ok: true,
      content: { changes: [{ ...content.changes[0], after: 'won' }, content.changes[1]] },
    });
    if (!result.ok) return;
    expect(changesArtifact.describeEdit(content, result.content, options)).toEqual([
      {
        target: 'change 1',
        before: 'Acme · stage: lead → qualified\nReason: They asked for a quote.',
        after: 'Acme · stage: lead → won\nReason: They asked for a quote.',
      },
    ]);
  });

  it('refuses a change without a reason, on its reason input', () => {
    expect(read(submitForm(form(), { change_2_reason: null }))).toEqual({
      ok: false,
      errors: { change_2_reason: 'Change 2 needs a reason: say why in one sentence.' },
    });
  });

  it('fits 100 changes in 99 blocks and keeps them all on submit; a value too long to edit is a note', () => {
    const big: ChangesContent = {
      changes: Array.from({ length: 100 }, (_, i) => ({
        record: `r${i}`,
        field: 'f',
        before: 'b'.repeat(5000),
        after: i === 0 ? 'a'.repeat(4000) : 'a',
        reason: 'why',
      })),
    };
    const blocks = form(big);
    expect(blocks.length).toBeLessThanOrEqual(99);
    withinLimits(blocks);
    expect(inputIds(blocks).slice(0, 2)).toEqual(['change_1_reason', 'change_2_after']);
    expect(textOf(blocks[0])).toContain("Change 1's new value has 4,000 characters");
    expect(textOf(blocks.at(-1))).toContain('Changes 50–100 are not shown here and stay as they are.');
    expect(read(submitForm(blocks), big)).toEqual({ ok: true, content: big });
  });
});
