import type { Kysely } from 'kysely';
import { authoriseReviewer } from '../access/authorise-reviewer.js';
import { checkRequestSource, type RequestSource } from '../access/check-request-source.js';
import { decideArtifact, getArtifact, transitionArtifact } from '../db/artifacts-repository.js';
import { listApprovers, recordDecision } from '../db/decisions-repository.js';
import { getRunOfArtifact } from '../db/runs-repository.js';
import type { ArtifactRow, Database, DecisionKind, Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';
import type { SlackPort } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';

export interface DecideRequest {
  artifactId: string;
  version: number;
  userId: string;
  decision: DecisionKind;
  /** Edited content to approve instead of the model's (the Edit modal). */
  editedContent?: unknown;
  /** The button or Edit modal the request came through: it must be this artifact's own. */
  source: RequestSource;
}

export interface DecideDeps {
  db: Kysely<Database>;
  slack: Pick<SlackPort, 'userGroupMembers'>;
  agents: () => AgentRegistry;
  /** Where the reviews this process decides are counted. */
  metrics: Metrics;
}

export type DecideOutcome =
  /** This click decided the review; the caller updates the message and, on approve, applies. */
  | { kind: 'decided'; artifact: ArtifactRow; run: Run }
  /** This approval was counted towards a quorum that is not reached yet. */
  | { kind: 'counted'; artifact: ArtifactRow; approvals: number };

/**
 * Records one person's decision on one artifact version. The database decides: the state
 * transition is a conditional update, so of any number of concurrent clicks exactly one
 * decides, and a click on a version that is no longer pending changes nothing. Approvals count
 * once per person; the review is approved when `review.quorum` distinct people approved.
 * A request that did not come through this artifact's own message or Edit modal changes nothing.
 * @throws CoworkerError `review_not_found`, `request_mismatch`, `not_authorised`, or `review_stale` explaining what happened
 */
export async function decide(deps: DecideDeps, request: DecideRequest): Promise<DecideOutcome> {
  // Both rows at once (two connections on PostgreSQL): the run is needed unless the click is refused.
  const [artifact, run] = await Promise.all([
    getArtifact(deps.db, request.artifactId),
    getRunOfArtifact(deps.db, request.artifactId),
  ]);
  if (artifact === undefined || artifact.version !== request.version) {
    throw new CoworkerError('review_not_found', 'This review no longer exists, so nothing was changed.');
  }
  await checkRequestSource(deps.db, artifact, request.userId, request.source);
  if (artifact.status !== 'pending') throw staleReview(artifact);
  const agent = deps.agents().get(artifact.agent);
  if (agent === undefined || run === undefined) {
    throw new CoworkerError(
      'not_authorised',
      `The agent \`${artifact.agent}\` is no longer loaded (its spec was removed or is invalid), so its reviews cannot be decided. Nothing was changed.`,
    );
  }
  await authoriseReviewer(deps.slack, {
    agent: artifact.agent,
    policy: agent.spec.review,
    run,
    userId: request.userId,
    decision: request.decision,
  });

  const transition = {
    id: artifact.id,
    version: artifact.version,
    to: request.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
    by: request.userId,
    ...(request.editedContent !== undefined ? { edited: true, content: request.editedContent } : {}),
  };
  const decision = {
    userId: request.userId,
    kind: request.decision,
    ...(request.decision === 'approve' ? { content: request.editedContent } : {}),
  };
  let decided: ArtifactRow | undefined;
  // An edit is the editor's own version: it is approved on the spot, whatever the quorum.
  if (request.decision === 'approve' && request.editedContent === undefined && artifact.quorum > 1) {
    await recordDecision(deps.db, { artifactId: artifact.id, ...decision });
    const approvals = (await listApprovers(deps.db, artifact.id)).length;
    if (approvals < artifact.quorum) return { kind: 'counted', artifact, approvals };
    decided = await transitionArtifact(deps.db, transition);
  } else {
    // A rejection, an edit, or the one approval a quorum of one needs: recorded and decided at once.
    decided = await decideArtifact(deps.db, decision, transition);
  }
  if (decided) {
    deps.metrics.reviewDecided({
      agent: decided.agent,
      decision: decided.status === 'rejected' ? 'rejected' : decided.edited ? 'edited' : 'approved',
    });
    return { kind: 'decided', artifact: decided, run };
  }
  const now = (await getArtifact(deps.db, artifact.id)) ?? artifact;
  // Two approvers completing the quorum at once: both approvals count, one of them decided.
  if (
    request.decision === 'approve' &&
    request.editedContent === undefined &&
    now.status === 'approved' &&
    now.quorum > 1
  ) {
    const approvers = await listApprovers(deps.db, artifact.id);
    if (approvers.includes(request.userId)) return { kind: 'counted', artifact: now, approvals: approvers.length };
  }
  throw staleReview(now);
}

/** Why a click on this artifact can no longer change it, in words for the person who clicked. */
export function staleReview(artifact: ArtifactRow): CoworkerError {
  const who = artifact.decided_by ? ` by <@${artifact.decided_by}>` : '';
  const message = (() => {
    switch (artifact.status) {
      case 'approved':
        return `This was already approved${who}; your click changed nothing.`;
      case 'rejected':
        return `This was already rejected${who}; your click changed nothing.`;
      case 'superseded':
        return `This is version ${artifact.version}, which a newer version replaced. Review the newest version in the thread; nothing was applied.`;
      case 'expired':
        return 'This review expired, so nothing was applied. Use Re-run to start the agent again.';
      case 'pending':
        return 'Someone decided this review at the same moment; your click changed nothing.';
      default: {
        const unknown: never = artifact.status;
        return `This review is ${String(unknown)}.`;
      }
    }
  })();
  return new CoworkerError('review_stale', message, {
    details: { artifactId: artifact.id, status: artifact.status },
  });
}
