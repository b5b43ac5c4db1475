import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EditChange } from '../artifacts/artifact-type.js';
import { truncate } from '../block-kit/limits.js';
import { insertCorrection } from '../db/corrections-repository.js';
import type { ArtifactRow, Database } from '../db/schema.js';

/**
 * An edit in the Edit modal is a correction too (kind `edit`), one per changed target, with the
 * before and after; its instruction tells the agent to write it as the reviewer did.
 */
export async function recordEditCorrections(
  db: Kysely<Database>,
  artifact: ArtifactRow,
  author: string,
  changes: readonly EditChange[],
): Promise<number> {
  for (const change of changes) {
    const where = change.target ?? 'your output';
    await insertCorrection(db, {
      id: randomUUID(),
      agent: artifact.agent,
      run_id: artifact.run_id,
      artifact_id: artifact.id,
      author,
      source: 'edit',
      text: `Edited ${where}`,
      target: change.target,
      kind: 'edit',
      before: change.before,
      after: change.after,
      instruction: truncate(
        `A reviewer rewrote ${where}. Write such content the way they did: "${change.after}" rather than "${change.before}".`,
        1200,
      ),
      extraction: 'none',
      status: 'active',
      channel_id: artifact.channel_id,
      thread_ts: artifact.thread_ts,
      message_ts: null,
      ack_ts: null,
      retired_by: null,
      retired_at: null,
    });
  }
  return changes.length;
}
