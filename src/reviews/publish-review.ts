import type { Kysely } from 'kysely';
import { getArtifact, markShown, setArtifactMessage } from '../db/artifacts-repository.js';
import { getRun } from '../db/runs-repository.js';
import type { ArtifactRow, Database, Run } from '../db/schema.js';
import type { SlackPort } from '../slack-port.js';
import { renderReview } from './render-review.js';

export interface ReviewDeps {
  db: Kysely<Database>;
  slack: SlackPort;
}

/**
 * Shows a new artifact for review: replaces the run's "working…" message in place (or posts a
 * new message when there is none), remembers where it is (unless the row says so already), and attaches the full version in the
 * thread when Block Kit limits forced a cut.
 */
export async function publishReview(deps: ReviewDeps, artifact: ArtifactRow, run: Run): Promise<void> {
  const channel = run.channel_id;
  if (channel === null) return;
  const message = await renderReview(deps.db, artifact, run);
  let ts: string;
  if (run.status_ts) {
    // Where the review lives is stored before it becomes visible: a reply in its thread must
    // find the artifact however quickly it comes. A run's artifact was stored with it
    // (`produceArtifact`): it is written here only for a row that says otherwise.
    ts = run.status_ts;
    const threadTs = run.thread_ts ?? ts;
    if (artifact.channel_id !== channel || artifact.message_ts !== ts || artifact.thread_ts !== threadTs)
      await setArtifactMessage(deps.db, artifact.id, { channelId: channel, ts, threadTs });
    await deps.slack.updateMessage({ channel, ts, text: message.text, blocks: message.blocks });
  } else {
    ts = (
      await deps.slack.postMessage({ channel, text: message.text, blocks: message.blocks, threadTs: run.thread_ts })
    ).ts;
    await setArtifactMessage(deps.db, artifact.id, { channelId: channel, ts, threadTs: run.thread_ts ?? ts });
  }
  await recordShowing(deps.db, artifact);
  const threadTs = run.thread_ts ?? ts;
  if (message.fullText !== undefined) {
    await deps.slack.uploadFile({
      channel,
      threadTs,
      filename: `${artifact.agent}-v${artifact.version}.md`,
      title: `${artifact.agent} — full version ${artifact.version}`,
      content: message.fullText,
      comment: 'The full version, too long to show in the review message:',
    });
  }
}

/**
 * Re-renders an artifact's review message after its state changed (decision, expiry, revision),
 * read afresh, or from `final`: rows just written in a state nothing changes any more (a
 * decision), which need no second read.
 */
export async function refreshReview(
  deps: ReviewDeps,
  artifactId: string,
  final?: { artifact: ArtifactRow; run: Run },
): Promise<void> {
  const artifact = final?.artifact ?? (await getArtifact(deps.db, artifactId));
  if (!artifact?.channel_id || !artifact.message_ts) return;
  const run = final?.run ?? (await getRun(deps.db, artifact.run_id));
  if (!run) return;
  const message = await renderReview(deps.db, artifact, run);
  await deps.slack.updateMessage({
    channel: artifact.channel_id,
    ts: artifact.message_ts,
    text: message.text,
    blocks: message.blocks,
  });
  await recordShowing(deps.db, artifact);
}

/**
 * Records what the artifact's message now shows, for a decided artifact only: what the sweep
 * repairs is a decided artifact whose message still shows another state (`unfinishedFollowUps`),
 * and each decision's showing records itself. A pending showing would cost every run a statement,
 * and could land after a quick click's decision had recorded its own, which the sweep would then
 * draw again.
 */
async function recordShowing(db: Kysely<Database>, artifact: ArtifactRow): Promise<void> {
  if (artifact.status !== 'pending') await markShown(db, artifact.id, artifact.status);
}
