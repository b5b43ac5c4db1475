/**
 * Bounds that keep any file in AGENTS_DIR, however large or hostile, cheap to load: the size
 * caps are checked with stat before anything is read, and no file reports more problems than a
 * person reads.
 */

/** A spec file may hold at most this many bytes (256 KB); a larger one is a problem and is not read. */
export const MAX_SPEC_FILE_BYTES = 256 * 1024;

/** One reference file (`context.files`) may hold this much; more is a spec problem, not something to cut silently. */
export const MAX_CONTEXT_FILE_BYTES = 200_000;

/** A spec lists at most this many context files (a few at the size cap already fill a model's context). */
export const MAX_CONTEXT_FILES = 100;

/** Problems reported per file; the rest are counted in one "and N more problems" line. */
export const MAX_PROBLEMS_PER_FILE = 50;

/** Mappings and lists nested deeper than this are refused before they are converted (no spec needs more than a few). */
export const MAX_NESTING = 32;

/** Team facts one agent may name in `context.knowledge` (each goes in every run's prompt). */
export const MAX_FACTS_PER_AGENT = 20;

/** A fact's id: its file name in KNOWLEDGE_DIR without `.md`, kebab-case like an agent's name. */
export const FACT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
