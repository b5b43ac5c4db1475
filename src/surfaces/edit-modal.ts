import type { ContextBlock, ModalView } from '@slack/types';
import type { EditChange } from '../artifacts/artifact-type.js';
import { MAX_EDIT_FORM_BLOCKS } from '../artifacts/artifact-type.js';
import type { ArtifactOptions } from '../artifacts/index.js';
import { artifactTypeFor } from '../artifacts/index.js';
import { EditFormValues } from '../block-kit/edit-form-values.js';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { MAX_VIEW_TITLE, truncate } from '../block-kit/limits.js';
import { CoworkerError } from '../errors.js';
import { encodeReviewRef } from './action-ids.js';

/** The `callback_id` of the Edit modal; the view_submission listener registers on it. */
export const EDIT_MODAL_CALLBACK_ID = 'review_edit_submit';

/** What the Edit modal edits: one version of one artifact. */
export interface EditModalInput {
  agent: string;
  artifactId: string;
  version: number;
  options: ArtifactOptions;
  /** The version's stored content; checked against the type's content schema here. */
  content: unknown;
}

const MAX_AGENT_NAME = 80;

/**
 * The Edit modal for one artifact version (for `views.open`): titled `Edit <type>`, submit
 * `Approve edited`, close `Cancel`, `private_metadata` the version's review reference (decode it
 * with `decodeReviewRef`), a context line naming the agent and version, then the type's edit
 * form. At most 100 blocks and within Block Kit limits for any content. Content that does not
 * match its type cannot be edited: the modal says so and has no submit button. Throws only if the
 * artifact id is absurdly long (see `encodeReviewRef`).
 */
export function renderEditModal(input: EditModalInput): ModalView {
  const type = artifactTypeFor(input.options.type);
  const agent = truncate(escapeMrkdwn(oneLine(input.agent)), MAX_AGENT_NAME);
  const view: ModalView = {
    type: 'modal',
    callback_id: EDIT_MODAL_CALLBACK_ID,
    private_metadata: encodeReviewRef({ artifactId: input.artifactId, version: input.version }),
    title: { type: 'plain_text', text: truncate(`Edit ${input.options.type}`, MAX_VIEW_TITLE) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [],
  };
  const parsed = type.contentSchema(input.options).safeParse(input.content);
  if (!parsed.success) {
    view.blocks = [
      context(`*${agent}* · version ${input.version}`),
      context('_This content does not match its artifact type, so it cannot be edited here._'),
    ];
    return view;
  }
  const head = context(
    `*${agent}* · version ${input.version} · _Approve edited_ approves your version and saves your edits as a correction.`,
  );
  const form = type.editForm(parsed.data, input.options, MAX_EDIT_FORM_BLOCKS);
  view.blocks = [head, ...form];
  view.submit = { type: 'plain_text', text: 'Approve edited' };
  return view;
}

/** What an Edit modal submission says: the edited content and what changed, or errors for `response_action: 'errors'`. */
export type EditSubmission =
  | { ok: true; content: unknown; changes: EditChange[] }
  | { ok: false; errors: Record<string, string> };

/** A submitted Edit modal and the version it was opened for (looked up by the reference in `private_metadata`). */
export interface EditSubmissionInput {
  /** `view.state.values` of the `view_submission`, unparsed. */
  values: unknown;
  options: ArtifactOptions;
  /** The version's stored content. */
  original: unknown;
}

/**
 * Reads an Edit modal submission: the type's `readEditForm` on the parsed state values, and on
 * success `describeEdit` against the original (empty `changes` when the reviewer changed
 * nothing). Throws a `CoworkerError`: `upstream` when `values` is not a view state, `internal`
 * (system) when the stored content does not match its type (the modal offered no submit then).
 */
export function readEditSubmission(input: EditSubmissionInput): EditSubmission {
  const type = artifactTypeFor(input.options.type);
  const values = EditFormValues.safeParse(input.values);
  if (!values.success) {
    throw new CoworkerError('slack_failed', 'Slack sent an edit form Coworker could not read.', {
      cause: values.error,
    });
  }
  const original = type.contentSchema(input.options).safeParse(input.original);
  if (!original.success) {
    throw new CoworkerError('internal', 'This artifact does not match its type, so it cannot be edited.', {
      details: { type: input.options.type },
      cause: original.error,
    });
  }
  const read = type.readEditForm(values.data, original.data, input.options);
  if (!read.ok) return read;
  return { ok: true, content: read.content, changes: type.describeEdit(original.data, read.content, input.options) };
}

function context(text: string): ContextBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
