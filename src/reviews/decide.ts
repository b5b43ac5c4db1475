import type { Kysely } from 'kysely';
import { getArtifact, transitionArtifact } from '../db/artifacts-repository.js';
import { recordDecision } from '../db/decisions-repository.js';
import type { ArtifactRow, Database, DecisionKind } from '../db/schema.js';
import { CoworkerError } from '../errors.js';

export interface DecideRequest {
  artifactId: string;
  version: number;
  userId: string;
  decision: DecisionKind;
}

export type DecideOutcome =
  /** This click decided the review; the caller updates the message and, on approve, applies. */
  | { kind: 'decided'; artifact: ArtifactRow }
  /** This click was counted towards a quorum that is not reached yet. */
  | { kind: 'counted'; artifact: ArtifactRow };

/**
 * Records one person's decision on one artifact version. The database decides: the state
 * transition is a conditional update, so of any number of concurrent clicks exactly one
 * decides, and a click on a version that is no longer pending changes nothing.
 * @throws CoworkerError `review_not_found`, or `review_stale` explaining what happened to it
 */
export async function decide(db: Kysely<Database>, request: DecideRequest): Promise<DecideOutcome> {
  const artifact = await getArtifact(db, request.artifactId);
  if (artifact === undefined || artifact.version !== request.version) {
    throw new CoworkerError('review_not_found', 'user', 'This review no longer exists, so nothing was changed.');
  }
  if (artifact.status !== 'pending') throw staleReview(artifact);
  if (request.decision === 'approve') {
    await recordDecision(db, { artifactId: artifact.id, userId: request.userId, kind: 'approve' });
  }
  const decided = await transitionArtifact(db, {
    id: artifact.id,
    version: artifact.version,
    to: request.decision === 'approve' ? 'approved' : 'rejected',
    by: request.userId,
  });
  if (decided) return { kind: 'decided', artifact: decided };
  const now = await getArtifact(db, artifact.id);
  throw staleReview(now ?? artifact);
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
        return 'Someone decided this review at the same moment; reload the message to see the outcome.';
      default: {
        const unknown: never = artifact.status;
        return `This review is ${String(unknown)}.`;
      }
    }
  })();
  return new CoworkerError('review_stale', 'user', message, { details: { artifactId: artifact.id, status: artifact.status } });
}
