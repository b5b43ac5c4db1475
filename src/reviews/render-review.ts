import type { Kysely } from 'kysely';
import { ArtifactOptions } from '../artifacts/index.js';
import { parseAttachmentReport } from '../attachments/attachment-report.js';
import { listApprovers } from '../db/decisions-repository.js';
import { factsOfRun } from '../db/facts-repository.js';
import { listToolCalls } from '../db/run-tool-calls-repository.js';
import type { ArtifactRow, Database, Run } from '../db/schema.js';
import { sourceViews } from '../knowledge/fact-statuses.js';
import { type ReviewState, renderReviewMessage } from '../surfaces/review-message.js';
import type { SourceView } from '../surfaces/sources-line.js';

/**
 * The review message of an artifact as the database says it is now: the message is a view of
 * the row, so re-rendering after any change (decision, expiry, revision) is always correct.
 */
export async function renderReview(
  db: Kysely<Database>,
  artifact: ArtifactRow,
  run: Run,
): Promise<ReturnType<typeof renderReviewMessage>> {
  const attachments = parseAttachmentReport(artifact.attachment_report);
  const approvals =
    artifact.quorum > 1 ? { count: (await listApprovers(db, artifact.id)).length, needed: artifact.quorum } : undefined;
  // Looked up only for a run that made calls: most agents have no tools.
  const made = artifact.tool_calls > 0 ? await listToolCalls(db, run.id) : [];
  const toolCalls = made.map((c) => ({
    tool: c.server === '' ? c.tool : `${c.server}.${c.tool}`,
    refused: c.refused,
  }));
  const sources = artifact.facts_used > 0 ? await sourcesOf(db, run.id) : [];
  return renderReviewMessage({
    agent: artifact.agent,
    artifact: {
      id: artifact.id,
      version: artifact.version,
      options: ArtifactOptions.parse(artifact.options),
      content: artifact.content,
    },
    trigger: { kind: run.trigger_kind, userId: run.trigger_user ?? undefined, detail: run.trigger_detail ?? undefined },
    state: reviewState(artifact),
    correctionsUsed: artifact.corrections_used,
    ...(approvals ? { approvals } : {}),
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(attachments ? { attachments } : {}),
    ...(sources.length > 0 ? { sources } : {}),
  });
}

/** The facts the run was given, each with where the version it was given stands now. */
async function sourcesOf(db: Kysely<Database>, runId: string): Promise<SourceView[]> {
  const used = await factsOfRun(db, runId);
  return sourceViews(
    db,
    used.map((f) => ({
      id: f.factId,
      version: f.version,
      title: f.title,
      versionAt: f.versionAt,
      verifyEveryMs: f.verifyEveryS * 1000,
    })),
  );
}

function reviewState(artifact: ArtifactRow): ReviewState {
  const at = artifact.decided_at ?? artifact.created_at;
  switch (artifact.status) {
    case 'pending':
      return { status: 'pending' };
    case 'approved':
    case 'rejected':
      return { status: artifact.status, by: artifact.decided_by ?? 'unknown', at, edited: artifact.edited };
    case 'superseded':
      return { status: 'superseded' };
    case 'expired':
      return { status: 'expired', at };
    default: {
      const unknown: never = artifact.status;
      throw new Error(`unknown review status ${String(unknown)}`);
    }
  }
}
