import type { z } from 'zod';
import type { EditFormValues } from '../block-kit/edit-form-values.js';
import type { EditResult } from './artifact-type.js';

/**
 * The last step of reading an edit form: validates the assembled content with the type's
 * content schema. Each issue is reported on the block `blockFor(issue.path)` names when that
 * block was in the form, else on the form's first block (Slack shows errors only next to input
 * blocks of the view). The type's own checks catch what a reviewer can get wrong in plain words
 * first; this is the safety net, so it quotes the schema's message.
 */
export function checkEdited<C>(
  schema: z.ZodType<C>,
  content: unknown,
  values: EditFormValues,
  blockFor: (path: readonly PropertyKey[]) => string | undefined,
): EditResult<C> {
  const parsed = schema.safeParse(content);
  if (parsed.success) return { ok: true, content: parsed.data };
  const errors: Record<string, string> = {};
  const first = Object.keys(values)[0] ?? 'form';
  for (const issue of parsed.error.issues) {
    const block = blockFor(issue.path);
    const key = block !== undefined && Object.hasOwn(values, block) ? block : first;
    errors[key] ??= `This is not valid: ${issue.message}`;
  }
  return { ok: false, errors };
}

/** `{ ok: false, errors }` when there are errors, else undefined: for a type's own checks before {@link checkEdited}. */
export function failed(errors: Record<string, string>): { ok: false; errors: Record<string, string> } | undefined {
  return Object.keys(errors).length > 0 ? { ok: false, errors } : undefined;
}
