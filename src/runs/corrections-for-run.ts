import type { Kysely } from 'kysely';
import { activeCorrections } from '../db/corrections-repository.js';
import type { CorrectionRow, Database } from '../db/schema.js';
import type { PromptCorrection } from '../model/build-request.js';

/**
 * The corrections a run of `agent` is given: its own active ones only (never another agent's,
 * never a disputed or retired one), newest first, at most `limit` (`context.corrections`). One
 * that contradicted a fact and was settled by the fact's owner says how.
 */
export async function correctionsForRun(
  db: Kysely<Database>,
  agent: string,
  limit: number,
): Promise<{ rows: CorrectionRow[]; prompt: PromptCorrection[] }> {
  return givenCorrections(await activeCorrections(db, agent, limit));
}

/** Corrections as a run is given them: the rows (recorded as used) and what the prompt says of each. */
export function givenCorrections(rows: CorrectionRow[]): { rows: CorrectionRow[]; prompt: PromptCorrection[] } {
  return {
    rows,
    prompt: rows.map((c) => {
      const as = c.settlement === 'both_true' ? 'exception' : c.settlement === 'correction_right' ? 'right' : undefined;
      return {
        kind: c.kind,
        target: c.target,
        instruction: c.instruction,
        ...(as && c.disputed_fact ? { settledAgainst: { fact: c.disputed_fact, as } } : {}),
      };
    }),
  };
}
