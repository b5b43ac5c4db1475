import type { Kysely } from 'kysely';
import { authoriseReviewer } from '../access/authorise-reviewer.js';
import { type ClickOrigin, checkClickOrigin, correctionHome } from '../access/check-click-origin.js';
import { parseAttachmentRefs } from '../attachments/attachment-ref.js';
import { getArtifact, newestInLineage } from '../db/artifacts-repository.js';
import { getCorrection } from '../db/corrections-repository.js';
import { getRun } from '../db/runs-repository.js';
import type { Database, Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { recordRun } from '../runs/record-run.js';
import type { SlackPort } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { resolveAgent } from '../specs/resolve-agent.js';

export interface RevisionDeps {
  db: Kysely<Database>;
  slack: Pick<SlackPort, 'channelInfo' | 'userGroupMembers'>;
  agents: () => AgentRegistry;
  instanceId: string;
}

/**
 * Revise: records a run that re-runs the agent on the original input, now with this thread's
 * corrections (every active correction of the agent is in its prompt), to produce the next
 * version in the same thread; the corrected version is superseded when the new one is stored.
 * The button is bound to the version the correction was made on: once that version has been
 * revised (by a double click, or by someone else), the button is refused like a stale review
 * button. One revision per version (the database refuses a second). The button must have been
 * pressed on the correction's own acknowledgement.
 * @throws CoworkerError when the version was approved or revised already, the click came from
 * elsewhere, or the clicker may not review
 */
export async function startRevision(
  services: RevisionDeps,
  input: { correctionId: string; userId: string; origin: ClickOrigin | undefined },
): Promise<Run> {
  const correction = await getCorrection(services.db, input.correctionId);
  if (correction) checkClickOrigin(input.origin, correctionHome(correction));
  const corrected = correction ? await getArtifact(services.db, correction.artifact_id) : undefined;
  const newest = corrected ? await newestInLineage(services.db, corrected.lineage_id) : undefined;
  const run = newest ? await getRun(services.db, newest.run_id) : undefined;
  if (!corrected || !newest || !run || !newest.channel_id)
    throw new CoworkerError('review_not_found', 'The review this correction belongs to no longer exists.');
  if (newest.id !== corrected.id) {
    throw new CoworkerError(
      'review_stale',
      `Version ${corrected.version} was revised already: version ${newest.version} is in this thread. Reply to it to correct it further.`,
    );
  }
  if (newest.status === 'approved') {
    throw new CoworkerError(
      'review_stale',
      `Version ${newest.version} was approved already, so a revision would never be applied. Run the agent again instead; it will follow this correction.`,
    );
  }
  const agent = resolveAgent(services.agents(), newest.agent, await services.slack.channelInfo(newest.channel_id));
  await authoriseReviewer(services.slack, {
    agent: agent.spec.name,
    policy: agent.spec.review,
    run,
    userId: input.userId,
    decision: 'revise',
  });
  return recordRun(services.db, {
    instanceId: services.instanceId,
    agent,
    trigger: { kind: 'revise', userId: input.userId, detail: `Revise of version ${newest.version}` },
    input: run.input,
    channelId: newest.channel_id,
    threadTs: newest.thread_ts,
    revisionOf: newest.id,
    attachments: parseAttachmentRefs(run.attachments),
  });
}
