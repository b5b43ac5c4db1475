import type { ContextBlock, InputBlock, KnownBlock } from '@slack/types';
import type { z } from 'zod';
import type { EditFormValues } from '../block-kit/edit-form-values.js';
import { MAX_BLOCKS_PER_VIEW } from '../block-kit/limits.js';
import type { CompareContext, Comparison } from './comparison.js';

/** A file that carries a full or alternative version of an artifact (CSV, long text). */
export interface ArtifactFile {
  filename: string;
  title: string;
  content: string;
}

/** A clean, human-facing Slack message (what `on_approve.post` sends). */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** One block of an edit form: an input, or a note about parts the form cannot edit. */
export type EditFormBlock = InputBlock | ContextBlock;

/**
 * A submitted edit form, read: the edited content (valid for the type's content schema), or the
 * problems keyed by the `block_id` of the input each belongs to, in plain words (what Slack's
 * `response_action: 'errors'` shows next to that input).
 */
export type EditResult<C> = { ok: true; content: C } | { ok: false; errors: Record<string, string> };

/**
 * One changed part of an edited artifact, for a correction of kind `edit`. `target` names the
 * part as corrections do (`section 2`, `row 3`, `item 4`, `change 1`), `null` for the whole
 * artifact; `before` and `after` are readable text (not JSON), each at most
 * {@link MAX_EDIT_CHANGE_TEXT} characters.
 */
export interface EditChange {
  target: string | null;
  before: string;
  after: string;
}

/** The longest `before` / `after` text of an {@link EditChange}; longer texts are cut with "…". */
export const MAX_EDIT_CHANGE_TEXT = 1500;

/** A tool the agent may propose to call (one of its `write` tools), as its server described it at run time. */
export interface WriteTool {
  /** The spec's server name (the key under `tools:`). */
  server: string;
  /** The tool's name on its server. */
  name: string;
  description?: string;
  /** The JSON Schema of its arguments (an object schema), as the server gave it. */
  inputSchema: Record<string, unknown>;
}

/** What a run knows that the spec does not, for {@link ArtifactBinding.bind}. Each is looked up only when asked for. */
export interface RunFacts {
  /** The agent's write tools, as their servers offer them now. @throws CoworkerError when a server cannot be reached */
  writeTools(): Promise<WriteTool[]>;
}

/**
 * How a type completes its options with what only a run knows (the `actions` type: the write
 * tools and their input schemas). The bound options are stored with the artifact and are what
 * its schema, review, edit and apply use from then on, so they check against what was reviewed
 * even when a server changes later.
 */
export interface ArtifactBinding<O> {
  /** The options keys `bind` sets: a spec that writes one is refused (they are never the spec's to say). */
  readonly keys: readonly string[];
  /**
   * Set when `bind` needs write tools: a spec of the type that lists none under `tools:` is
   * refused when loaded (`coworker validate`), at its `artifact.type`. What the servers really
   * offer is known only at run time, where `bind` checks again.
   */
  readonly needsWriteTools?: boolean;
  /** The options to ask the model with and store. @throws CoworkerError when the run cannot produce this type (e.g. no write tool) */
  bind(options: O, facts: RunFacts): Promise<O>;
}

/** One tool call an approved artifact makes: `server.tool` with these arguments. */
export interface ApprovedCall {
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
}

/**
 * One artifact type: everything the app knows about it lives in its module.
 * Adding a type is one module implementing this plus one line in `index.ts`.
 *
 * `O` is the spec's `artifact:` section for the type, `C` the content the model produces.
 * Methods (not arrow properties) on purpose: it keeps the registry's heterogeneous entries
 * assignable to `AnyArtifactType` under strictFunctionTypes.
 */
export interface ArtifactType<O extends { type: string }, C> {
  readonly type: O['type'];
  /** Validates the spec's `artifact:` section (type-specific options such as table columns). */
  readonly options: z.ZodType<O>;
  /**
   * Set by a type whose options need what only a run knows (see {@link ArtifactBinding}); the
   * run binds before asking the model. Omitted: the spec's options are used as they are.
   */
  readonly binding?: ArtifactBinding<O>;
  /** The content schema: the model fills it (as its JSON schema), stored content and edits are checked by it. */
  contentSchema(options: O): z.ZodType<C>;
  /** One or two sentences telling the model what shape of work to produce. */
  guidance(options: O): string;
  /**
   * The artifact's part of the review message. Must respect Block Kit limits for any content:
   * at most `maxBlocks` blocks as Slack counts them (a `markdown` block counts as the blocks
   * Slack expands it into) and `maxChars` characters of text in total (as counted by
   * `blockTextLength`; defaults to `REVIEW_SURFACE_TEXT`), 3000 characters a section, at most one
   * table, ...; when something had to be cut, `truncated` is true and the caller attaches
   * `toText` as the full version. Text from the content is escaped: it never mentions anyone.
   */
  renderReview(
    content: C,
    options: O,
    maxBlocks: number,
    maxChars?: number,
  ): { blocks: KnownBlock[]; truncated: boolean };
  /** The whole artifact as readable plain text/markdown: notification fallback, CLI, full version file. */
  toText(content: C, options: O): string;
  /**
   * What `on_approve.post` sends: the clean artifact, not the review surface. Within Block Kit
   * limits for any content: what does not fit is cut and says so.
   */
  renderPost(content: C, options: O): SlackMessage;
  /** Files attached when approved (e.g. a table's CSV). */
  approvedFiles(content: C, options: O): ArtifactFile[];
  /**
   * The tool calls an approved artifact makes, in order (an `actions` artifact's). The apply
   * claims each in the database, then makes it once through the agent's tool servers.
   * Omitted: none.
   */
  approvedCalls?(content: C, options: O): ApprovedCall[];
  /** Where a correction can point, e.g. `['section 1', 'section 2']`; empty when only the whole. */
  targets(content: C, options: O): string[];
  /**
   * The body of the Edit modal: `input` blocks prefilled with the content (`plain_text_input`s
   * carrying `initial_value`, one element with action id `value` per block, stable block ids
   * such as `section_2_body`), and context notes for what the form cannot hold. At most
   * `maxBlocks` blocks (default {@link MAX_EDIT_FORM_BLOCKS}) and within every Block Kit limit
   * for any content: a value longer than a text input takes (3000 characters) is shown as a
   * note instead, and parts beyond the block budget are left out with a note saying so. What the
   * form does not hold is kept unchanged by {@link ArtifactType.readEditForm}: nothing is lost.
   */
  editForm(content: C, options: O, maxBlocks?: number): EditFormBlock[];
  /**
   * Reads a submitted edit form against the version it was opened for: blocks absent from
   * `values` keep `original`'s part; a value equal to the original but for surrounding
   * whitespace keeps the original exactly. Validates with the content schema; never throws.
   */
  readEditForm(values: EditFormValues, original: C, options: O): EditResult<C>;
  /** What changed between two versions, one entry per changed target, in content order; empty when nothing did. */
  describeEdit(before: C, after: C, options: O): EditChange[];
  /**
   * How a candidate answer agrees with the approved version (`coworker eval`), each valid for
   * the content schema of `options`: by the type's own measure (a label, the fields of rows,
   * items, changes or calls, or a judge of prose; helpers in `comparison.ts`). Never throws: what
   * cannot be scored says why.
   */
  compare(expected: C, actual: C, options: O, ctx: CompareContext): Promise<Comparison>;
}

/**
 * The type-erased registry view of any artifact type. Assignable from every module because zod's
 * `ZodType` is covariant and the members are methods (bivariant parameters); the price is that a
 * caller holding it must pass content that was parsed by this type's `contentSchema`.
 */
export type AnyArtifactType = ArtifactType<{ type: string }, unknown>;

/** Blocks an artifact's edit form may use by default: a modal's 100 less the modal's own header line. */
export const MAX_EDIT_FORM_BLOCKS = MAX_BLOCKS_PER_VIEW - 1;
