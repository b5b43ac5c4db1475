import type { Kysely } from 'kysely';
import { activeCorrections } from '../db/corrections-repository.js';
import type { CorrectionRow, Database } from '../db/schema.js';
import type { PromptCorrection } from '../model/build-request.js';

/**
 * The corrections a run of `agent` is given: its own active ones only (never another agent's),
 * newest first, at most `limit` (`context.corrections`).
 */
export async function correctionsForRun(
  db: Kysely<Database>,
  agent: string,
  limit: number,
): Promise<{ rows: CorrectionRow[]; prompt: PromptCorrection[] }> {
  const rows = await activeCorrections(db, agent, limit);
  return { rows, prompt: rows.map((c) => ({ kind: c.kind, target: c.target, instruction: c.instruction })) };
}
