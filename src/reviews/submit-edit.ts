import { randomUUID } from 'node:crypto';
import { authoriseReviewer } from '../access/authorise-reviewer.js';
import { checkRequestSource, type RequestSource } from '../access/check-request-source.js';
import type { EditChange } from '../artifacts/artifact-type.js';
import { ArtifactOptions } from '../artifacts/index.js';
import { getArtifact, insertVersion } from '../db/artifacts-repository.js';
import { recordDecision } from '../db/decisions-repository.js';
import { getRun } from '../db/runs-repository.js';
import type { ArtifactRow, Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import { type DecideDeps, decide, staleReview } from './decide.js';

export type EditOutcome =
  /** Quorum 1: the edited version is approved (the caller refreshes the message and applies). */
  | { kind: 'approved'; artifact: ArtifactRow }
  /** Quorum above 1: the edit became a new version with the editor's approval; others approve what they see. */
  | { kind: 'new_version'; artifact: ArtifactRow; run: Run; superseded: string[] };

/**
 * The pending version `artifactId` at `version`, checked that `userId` may edit it and that the
 * request came through its own review message (Edit) or an Edit modal opened for it (the save).
 * @throws CoworkerError when it is gone, decided, superseded or expired, the request came from
 * elsewhere, or the person may not review
 */
export async function loadEditable(
  services: DecideDeps,
  ref: { artifactId: string; version: number },
  userId: string,
  source: RequestSource,
): Promise<{ artifact: ArtifactRow; run: Run; options: ArtifactOptions }> {
  const artifact = await getArtifact(services.db, ref.artifactId);
  const run = artifact ? await getRun(services.db, artifact.run_id) : undefined;
  if (!artifact || !run || artifact.version !== ref.version)
    throw new CoworkerError('review_not_found', 'This review no longer exists, so nothing was changed.');
  await checkRequestSource(services.db, artifact, userId, source);
  if (artifact.status !== 'pending') throw staleReview(artifact);
  const agent = services.agents().get(artifact.agent);
  if (!agent)
    throw new CoworkerError(
      'not_authorised',
      `The agent \`${artifact.agent}\` is no longer loaded, so its reviews cannot be edited.`,
    );
  await authoriseReviewer(services.slack, {
    agent: artifact.agent,
    policy: agent.spec.review,
    run,
    userId,
    decision: 'edit',
  });
  return { artifact, run, options: ArtifactOptions.parse(artifact.options) };
}

/**
 * Applies a submitted edit. With quorum 1 the editor's version is approved at once; with a
 * higher quorum it becomes the next version (the edited one supersedes the original) carrying
 * the editor's approval, so the other approvers approve exactly what they see.
 * @throws CoworkerError like {@link decide}
 */
export async function submitEdit(
  services: DecideDeps,
  input: {
    artifact: ArtifactRow;
    run: Run;
    userId: string;
    content: unknown;
    changes: readonly EditChange[];
    viewId: string;
  },
): Promise<EditOutcome> {
  const { artifact, run, userId, content } = input;
  if (artifact.quorum <= 1) {
    const source = { kind: 'edit-view', viewId: input.viewId } as const;
    const outcome = await decide(services, {
      artifactId: artifact.id,
      version: artifact.version,
      userId,
      decision: 'approve',
      editedContent: content,
      source,
    });
    return { kind: 'approved', artifact: outcome.artifact };
  }
  const id = randomUUID();
  const stored = await insertVersion(
    services.db,
    {
      ...artifact,
      id,
      content: JSON.stringify(content),
      options: JSON.stringify(artifact.options),
      attachment_report: artifact.attachment_report === null ? null : JSON.stringify(artifact.attachment_report),
      version: artifact.version + 1,
      status: 'pending',
      edited: true,
      message_ts: null,
      decided_by: null,
      decided_at: null,
      created_at: undefined,
    },
    { mustSupersede: artifact.id },
  );
  // Someone decided the original while the modal was open: the edit must not resurrect it.
  if (!stored) throw staleReview((await getArtifact(services.db, artifact.id)) ?? artifact);
  const { artifact: next, superseded } = stored;
  await recordDecision(services.db, { artifactId: next.id, userId, kind: 'approve', content });
  return { kind: 'new_version', artifact: next, run, superseded };
}
