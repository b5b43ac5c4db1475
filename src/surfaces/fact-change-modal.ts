import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { EditFormValues } from '../block-kit/edit-form-values.js';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { MAX_PRIVATE_METADATA, MAX_SECTION_TEXT, truncate } from '../block-kit/limits.js';
import { readInput } from '../block-kit/read-input.js';
import { INPUT_ACTION_ID } from '../block-kit/text-field.js';
import { CoworkerError } from '../errors.js';
import { FactRef } from './action-ids.js';

/** The `callback_id` of the Needs a change modal; its view_submission listener registers on it. */
export const FACT_CHANGE_CALLBACK_ID = 'fact_needs_change_submit';
/** The block of the note's input (errors are keyed by it). */
export const FACT_NOTE_BLOCK = 'note';
/** The longest note: enough for what is wrong and what is true instead. */
export const MAX_FACT_NOTE = 2_000;

/** What the modal is about: the fact version, and the verification request (its cards' subject) it answers. */
export const FactChangeRef = FactRef.extend({ subject: z.string().min(1).max(300) });
export type FactChangeRef = z.infer<typeof FactChangeRef>;

/**
 * The Needs a change modal (for `views.open`): the fact's title, one required note, and the
 * reference in `private_metadata` (read back with {@link decodeFactChangeRef}). Within Block Kit
 * limits for any title.
 */
export function renderFactChangeModal(input: { ref: FactChangeRef; title: string }): ModalView {
  const metadata = JSON.stringify(FactChangeRef.parse(input.ref));
  if (metadata.length > MAX_PRIVATE_METADATA) {
    throw new CoworkerError('internal', 'A fact reference is too long for Slack.', {
      details: { length: metadata.length },
    });
  }
  return {
    type: 'modal',
    callback_id: FACT_CHANGE_CALLBACK_ID,
    private_metadata: metadata,
    title: { type: 'plain_text', text: 'Needs a change' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: truncate(
            `What is no longer true in *${escapeMrkdwn(oneLine(input.title))}*? Until its file changes, reviews show it as disputed (⚠).`,
            MAX_SECTION_TEXT,
          ),
        },
      },
      {
        type: 'input',
        block_id: FACT_NOTE_BLOCK,
        label: { type: 'plain_text', text: 'What needs to change' },
        element: {
          type: 'plain_text_input',
          action_id: INPUT_ACTION_ID,
          multiline: true,
          min_length: 1,
          max_length: MAX_FACT_NOTE,
        },
      },
    ],
  };
}

/** The reference in a Needs a change modal's `private_metadata`, or undefined for anything else (never throws). */
export function decodeFactChangeRef(metadata: string): FactChangeRef | undefined {
  if (metadata.length > MAX_PRIVATE_METADATA) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(metadata);
  } catch {
    // Not JSON, so not ours: the contract is to answer undefined.
    return undefined;
  }
  const parsed = FactChangeRef.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The note of a submitted Needs a change modal, or the error to show at its input (blank, too
 * long). @throws CoworkerError `slack_failed` when `values` is not a view state
 */
export function readFactChangeNote(
  values: unknown,
): { ok: true; note: string } | { ok: false; errors: Record<string, string> } {
  const parsed = EditFormValues.safeParse(values);
  if (!parsed.success) {
    throw new CoworkerError('slack_failed', 'Slack sent a form Coworker could not read.', { cause: parsed.error });
  }
  const note = (readInput(parsed.data, FACT_NOTE_BLOCK) ?? '').replace(/\r\n?/g, '\n').trim();
  if (note === '') return { ok: false, errors: { [FACT_NOTE_BLOCK]: 'Say what needs to change.' } };
  if (note.length > MAX_FACT_NOTE) {
    return { ok: false, errors: { [FACT_NOTE_BLOCK]: `At most ${MAX_FACT_NOTE} characters, please.` } };
  }
  return { ok: true, note };
}
