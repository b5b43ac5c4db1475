import type { z } from 'zod';
import type { EditFormValues } from '../block-kit/edit-form-values.js';
import { readTextField, wasEmptied } from '../block-kit/read-input.js';
import type { EditResult } from './artifact-type.js';
import { checkEdited, failed } from './check-edited.js';

/** What {@link readDocumentEdit} reads: a document's content (see `DocumentContent`). */
interface Document {
  title: string;
  sections: { heading: string; body: string }[];
}

/** The block id of the title input in a document's edit form. */
export const DOCUMENT_TITLE_BLOCK = 'title';

/** The block id of section `n`'s (1-based) heading or body input in a document's edit form, e.g. `section_2_body`. */
export function sectionBlock(n: number, part: 'heading' | 'body'): string {
  return `section_${n}_${part}`;
}

/**
 * Reads a document's submitted edit form (see `ArtifactType.readEditForm`): the title and every
 * heading must keep some text, a body may be emptied; sections not in the form stay as they
 * are. The sections themselves (how many, their order) are not edited here.
 */
export function readDocumentEdit<C extends Document>(
  values: EditFormValues,
  original: C,
  schema: z.ZodType<C>,
): EditResult<C> {
  const errors: Record<string, string> = {};
  const title = readTextField(values, DOCUMENT_TITLE_BLOCK, original.title);
  if (wasEmptied(title, original.title)) errors[DOCUMENT_TITLE_BLOCK] = 'The title cannot be empty.';
  const sections = original.sections.map((section, i) => {
    const n = i + 1;
    const heading = readTextField(values, sectionBlock(n, 'heading'), section.heading);
    if (wasEmptied(heading, section.heading)) errors[sectionBlock(n, 'heading')] = `Section ${n} needs a heading.`;
    return { heading, body: readTextField(values, sectionBlock(n, 'body'), section.body) };
  });
  return failed(errors) ?? checkEdited(schema, { title, sections }, values, blockFor);
}

function blockFor(path: readonly PropertyKey[]): string | undefined {
  const [key, index, part] = path;
  if (key === 'title') return DOCUMENT_TITLE_BLOCK;
  if (key === 'sections' && typeof index === 'number')
    return sectionBlock(index + 1, part === 'body' ? 'body' : 'heading');
  return undefined;
}
