import { z } from 'zod';
import { isPersonRef } from '../spec-fields/person-ref.js';
import { Duration } from '../specs/duration.js';

/** A fact file holds at most this much: it goes in the prompt of every run of every agent using it. */
export const MAX_FACT_FILE_BYTES = 64_000;

/** The header of a fact file (DESIGN.md "Team knowledge"), between `---` lines. */
export const FactHeader = z.strictObject({
  title: z.string({ error: 'expected a title' }).trim().min(1, { error: 'is empty: give the fact a title' }).max(150),
  /** Who keeps it true: a user ID or a user-group handle. */
  owner: z.string({ error: 'expected a user ID or a user-group handle' }).refine(isPersonRef, {
    error: (issue) =>
      `"${String(issue.input)}" is neither a user ID (U012ABCDEF) nor a user-group handle (@support-leads)`,
  }),
  verify_every: Duration.prefault('90d'),
});
export type FactHeader = z.output<typeof FactHeader>;

/** A fact as read from KNOWLEDGE_DIR. */
export interface Fact {
  /** The file name without `.md`: what `context.knowledge` names. */
  id: string;
  /** Absolute path of the file. */
  file: string;
  title: string;
  owner: string;
  verifyEveryMs: number;
  /** The text after the header, trimmed. */
  body: string;
  /** sha256 of the whole file: a new hash is a new version. */
  hash: string;
}

/** A fact with the version the database gave its content and when that version was first seen. */
export interface VersionedFact extends Fact {
  version: number;
  /** When this content was first seen: a change verifies the fact. */
  versionAt: Date;
}
