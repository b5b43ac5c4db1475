import type { KnownBlock } from '@slack/types';
import type { z } from 'zod';

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
  renderReview(content: C, options: O, maxBlocks: number, maxChars?: number): { blocks: KnownBlock[]; truncated: boolean };
  /** The whole artifact as readable plain text/markdown: notification fallback, CLI, full version file. */
  toText(content: C, options: O): string;
  /**
   * What `on_approve.post` sends: the clean artifact, not the review surface. Within Block Kit
   * limits for any content: what does not fit is cut and says so.
   */
  renderPost(content: C, options: O): SlackMessage;
  /** Files attached when approved (e.g. a table's CSV). */
  approvedFiles(content: C, options: O): ArtifactFile[];
  /** Where a correction can point, e.g. `['section 1', 'section 2']`; empty when only the whole. */
  targets(content: C, options: O): string[];
}

/**
 * The type-erased registry view of any artifact type. Assignable from every module because zod's
 * `ZodType` is covariant and the members are methods (bivariant parameters); the price is that a
 * caller holding it must pass content that was parsed by this type's `contentSchema`.
 */
export type AnyArtifactType = ArtifactType<{ type: string }, unknown>;
