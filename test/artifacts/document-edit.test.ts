import { describe, expect, it } from 'vitest';
import type { DocumentContent } from '../../src/artifacts/document.js';
import { documentArtifact } from '../../src/artifacts/document.js';
import type { EditFormValues } from '../../src/block-kit/edit-form-values.js';
import { assertWithinBlockKitLimits } from '../support/block-kit-assertions.js';
import { initialValues, inputIds, submitForm } from '../support/submit-form.js';
import { textOf } from '../support/text-of.js';

const options = { type: 'document' } as const;
const content: DocumentContent = {
  title: 'Weekly report',
  sections: [
    { heading: 'Wins', body: '- Shipped **v2**\n- Closed 12 tickets' },
    { heading: 'Risks', body: '' },
  ],
};
const form = (c = content) => documentArtifact.editForm(c, options);
const read = (values: EditFormValues, original = content) => documentArtifact.readEditForm(values, original, options);
const withinLimits = (blocks: unknown[]) =>
  assertWithinBlockKitLimits(blocks, { maxBlocks: 99, maxTotalText: Number.POSITIVE_INFINITY });
const many = (n: number): DocumentContent => ({
  title: 'Big',
  sections: Array.from({ length: n }, (_, i) => ({ heading: `H${i + 1}`, body: `Body ${i + 1}` })),
});

describe('document edit form', () => {
  it('has the title, then a heading and a body input per section, prefilled', () => {
    const blocks = form();
    expect(inputIds(blocks)).toEqual([
      'title',
      'section_1_heading',
      'section_1_body',
      'section_2_heading',
      'section_2_body',
    ]);
    expect(initialValues(blocks)).toEqual({
      title: 'Weekly report',
      section_1_heading: 'Wins',
      section_1_body: '- Shipped **v2**\n- Closed 12 tickets',
      section_2_heading: 'Risks',
      section_2_body: undefined,
    });
    expect(blocks[2]).toMatchObject({
      optional: true,
      element: { multiline: true },
      label: { text: 'Section 1 text' },
    });
    expect(blocks[1]).toMatchObject({ optional: false, label: { text: 'Section 1 heading' } });
    withinLimits(blocks);
  });

  it('gives back the original when submitted unchanged', () => {
    expect(read(submitForm(form()))).toEqual({ ok: true, content });
    expect(documentArtifact.describeEdit(content, content, options)).toEqual([]);
  });

  it('reads an edited section and describes it as that section', () => {
    const result = read(submitForm(form(), { section_2_body: 'Hiring is slow.' }));
    expect(result.ok && result.content.sections[1]).toEqual({ heading: 'Risks', body: 'Hiring is slow.' });
    if (!result.ok) return;
    expect(result.content.sections[0]).toEqual(content.sections[0]);
    expect(documentArtifact.describeEdit(content, result.content, options)).toEqual([
      { target: 'section 2', before: 'Risks', after: 'Risks\n\nHiring is slow.' },
    ]);
  });

  it('describes a new title as a change of the whole', () => {
    const result = read(submitForm(form(), { title: 'Week 12' }));
    if (!result.ok) throw new Error('expected ok');
    expect(documentArtifact.describeEdit(content, result.content, options)).toEqual([
      { target: null, before: 'Title: Weekly report', after: 'Title: Week 12' },
    ]);
  });

  it('lets a body be emptied but not a title or a heading', () => {
    expect(read(submitForm(form(), { section_1_body: null }))).toMatchObject({
      ok: true,
      content: { sections: [{ heading: 'Wins', body: '' }, content.sections[1]] },
    });
    expect(read(submitForm(form(), { title: null, section_2_heading: ' ' }))).toEqual({
      ok: false,
      errors: { title: 'The title cannot be empty.', section_2_heading: 'Section 2 needs a heading.' },
    });
  });

  it('fits 200 sections in 99 blocks, says which are left out, and keeps them all on submit', () => {
    const big = many(200);
    const blocks = form(big);
    expect(blocks.length).toBeLessThanOrEqual(99);
    withinLimits(blocks);
    const ids = inputIds(blocks);
    expect(ids).toContain('section_48_body');
    expect(ids).not.toContain('section_49_heading');
    expect(textOf(blocks.at(-1))).toBe(
      '_Only sections 1–48 of 200 fit in this form. Sections 49–200 are not shown here and stay as they are._',
    );
    expect(read(submitForm(blocks), big)).toEqual({ ok: true, content: big });
    const edited = read(submitForm(blocks, { section_3_heading: 'Third' }), big);
    if (!edited.ok) throw new Error('expected ok');
    expect(edited.content.sections).toHaveLength(200);
    expect(documentArtifact.describeEdit(big, edited.content, options).map((c) => c.target)).toEqual(['section 3']);
  });

  it('shows a body too long to edit as a note in its place and keeps it', () => {
    const long: DocumentContent = {
      title: 'T',
      sections: [
        { heading: 'A', body: 'y'.repeat(5000) },
        { heading: 'B', body: 'b' },
      ],
    };
    const blocks = form(long);
    expect(inputIds(blocks)).toEqual(['title', 'section_1_heading', 'section_2_heading', 'section_2_body']);
    expect(textOf(blocks[2])).toContain('Section 1 text has 5,000 characters');
    withinLimits(blocks);
    expect(read(submitForm(blocks, { section_1_heading: 'A2' }), long)).toEqual({
      ok: true,
      content: { ...long, sections: [{ heading: 'A2', body: 'y'.repeat(5000) }, long.sections[1]] },
    });
  });
});
