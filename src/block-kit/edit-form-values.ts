import { z } from 'zod';

/** What Slack reports for one input element of a submitted view. */
export interface EditFormValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
}

/**
 * A submitted edit form: `view.state.values` of a `view_submission`, block_id -> action_id ->
 * the element's state. Slack sends `value: null` for an empty text input, and no entry at all
 * for a block that was not in the form.
 */
export type EditFormValues = Record<string, Record<string, EditFormValue>>;

/**
 * Parses `view.state.values` from a Slack payload, keeping only the fields edit forms read
 * (Slack adds others, e.g. an option's `text`); fails on anything that is not that shape.
 */
export const EditFormValues: z.ZodType<EditFormValues> = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      type: z.string(),
      value: z.string().nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
    }),
  ),
);
