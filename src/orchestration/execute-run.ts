import type { Logger } from '@slack/logger';
import { retryWhileUnavailable } from '../db/retry-while-unavailable.js';
import { finishRun, type RunOutcome, setRunDeliveryError, setRunStatusMessage } from '../db/runs-repository.js';
import type { Run } from '../db/schema.js';
import { CoworkerError, toCoworkerError } from '../errors.js';
import { publishReview, refreshReview } from '../reviews/publish-review.js';
import { type ProduceDeps, produceArtifact } from '../runs/produce-artifact.js';
import type { SlackPort } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { renderLookingUp, renderRunFailed, renderRunRetrying, renderWorking } from '../surfaces/run-status.js';

export interface RunServices extends ProduceDeps {
  slack: SlackPort;
  /** The current registry (a reload swaps it). */
  agents: () => AgentRegistry;
  logger: Logger;
}

/**
 * Runs a recorded run in Slack: "working…" message, model, review message in its place.
 * Never throws: every failure ends as a failed run and a "Run failed: …" message with Retry.
 */
export async function executeRun(services: RunServices, run: Run, tellRequester?: TellRequester): Promise<void> {
  let current = run;
  try {
    if (current.channel_id !== null)
      current = await showWorking(services, { ...current, channel_id: current.channel_id });
    const agent = services.agents().get(run.agent);
    if (agent === undefined) {
      throw new CoworkerError(
        'agent_unknown',
        `the agent \`${run.agent}\` is no longer loaded (its spec was removed or became invalid).`,
      );
    }
    // Storing the artifact ended the run, unless another process had declared it dead meanwhile.
    const { artifact, superseded, ended } = await produceArtifact(services, current, agent, {
      onToolStart: (tool) => showLookingUp(services, current, tool),
    });
    if (!ended) {
      // That process offered Retry in the run's message: the late result, stored superseded,
      // neither takes that message over nor stays approvable next to the retry.
      services.logger.warn(
        `run ${run.id} of ${run.agent} finished after it was reported interrupted; its artifact ${artifact.id} was dropped`,
      );
      return;
    }
    try {
      await publishReview(services, artifact, current);
      services.metrics.reviewPosted({ agent: run.agent, seconds: (Date.now() - run.created_at.getTime()) / 1000 });
      for (const id of superseded) await refreshReview(services, id);
    } catch (err) {
      // The artifact is stored and pending; only showing it failed. Say so where it can be seen.
      await recordDeliveryFailure(services, current, toCoworkerError(err));
      return;
    }
    services.logger.info(`run ${run.id} of ${run.agent}: artifact ${artifact.id} v${artifact.version} awaits review`);
  } catch (err) {
    await reportRunFailure(services, current, toCoworkerError(err), 'failed', tellRequester);
  }
}

/**
 * A private line back to whoever asked for the run (a slash command's response_url), used when
 * the channel itself cannot be posted in: the failure must still reach someone.
 */
export type TellRequester = (text: string) => Promise<void>;

/**
 * Ends a failed or interrupted run in the database (a run that succeeds is ended with its
 * artifact, by `produceArtifact`), waiting out a short database outage (`databaseWaitMs`), and
 * counts it when this process's update was the one that ended it.
 */
async function recordOutcome(
  services: RunServices,
  run: Run,
  outcome: RunOutcome & { status: 'failed' | 'interrupted' },
): Promise<boolean> {
  const ended = await retryWhileUnavailable(() => finishRun(services.db, run.id, outcome), {
    waitMs: services.databaseWaitMs ?? 0,
    onWait: () =>
      services.logger.warn(
        `run ${run.id} of ${run.agent}: the database is unavailable; waiting for the database to record that it ${outcome.status}`,
      ),
  });
  if (ended)
    services.metrics.runFinished({
      agent: run.agent,
      outcome: outcome.status,
      ...(outcome.errorCode === undefined ? {} : { errorCode: outcome.errorCode }),
    });
  return ended;
}

/** Slack finally refused to show a run's result (after the client's own retries): kept on the run, logged. */
async function recordDeliveryFailure(services: RunServices, run: Run, error: CoworkerError): Promise<void> {
  services.logger.error(`run ${run.id} of ${run.agent} succeeded but its review could not be shown: ${error.message}`);
  await setRunDeliveryError(services.db, run.id, error.message);
}

/**
 * Names the tool being called in the run's progress message. Progress is a courtesy: a
 * failure to show it is logged and the run goes on.
 */
async function showLookingUp(services: RunServices, run: Run, tool: string): Promise<void> {
  if (!run.channel_id || !run.status_ts) return;
  const message = renderLookingUp({
    agent: run.agent,
    trigger: { kind: run.trigger_kind, userId: run.trigger_user ?? undefined, detail: run.trigger_detail ?? undefined },
    tool,
  });
  await services.slack
    .updateMessage({ channel: run.channel_id, ts: run.status_ts, text: message.text, blocks: message.blocks })
    .catch((err: unknown) => services.logger.warn(`run ${run.id} of ${run.agent}: could not show its progress`, err));
}

/** Shows "working…" in the run's progress message (a Retry reuses the failure message), or posts one. */
async function showWorking(services: RunServices, run: Run & { channel_id: string }): Promise<Run> {
  const progress = {
    agent: run.agent,
    trigger: { kind: run.trigger_kind, userId: run.trigger_user ?? undefined, detail: run.trigger_detail ?? undefined },
  };
  // A Retry takes over its failure message: it says so rather than starting over silently.
  const working = run.trigger_kind === 'retry' ? renderRunRetrying(progress) : renderWorking(progress);
  if (run.status_ts) {
    await services.slack.updateMessage({
      channel: run.channel_id,
      ts: run.status_ts,
      text: working.text,
      blocks: working.blocks,
    });
    return run;
  }
  const posted = await services.slack.postMessage({
    channel: run.channel_id,
    text: working.text,
    blocks: working.blocks,
    threadTs: run.thread_ts,
  });
  // Stored by the run's claim, the next write (or with its outcome, should it fail before that).
  return { ...run, status_ts: posted.ts };
}

/**
 * Records a failed run and says so where it ran, with a Retry button. Only the process whose
 * `finishRun` wins reports, so a run is never reported twice.
 */
export async function reportRunFailure(
  services: RunServices,
  run: Run,
  error: CoworkerError,
  status: 'failed' | 'interrupted' = 'failed',
  tellRequester?: TellRequester,
): Promise<void> {
  services.logger.warn(`run ${run.id} of ${run.agent} ${status}: ${error.code}: ${error.message}`);
  const changed = await recordOutcome(services, run, {
    status,
    errorCode: error.code,
    errorMessage: error.message,
    statusTs: run.status_ts,
  }).catch((dbError: unknown) => {
    // Still tell the channel: a silent failure is worse than a duplicate notice. The run stays
    // unfinished in the database until `recoverOrphanedRuns` records it, once it answers again.
    services.logger.error(`could not record the failure of run ${run.id}`, dbError);
    return true;
  });
  if (!changed || !run.channel_id) return;
  const failed = renderRunFailed({ agent: run.agent, runId: run.id, reason: error.message });
  try {
    if (run.status_ts)
      await services.slack.updateMessage({
        channel: run.channel_id,
        ts: run.status_ts,
        text: failed.text,
        blocks: failed.blocks,
      });
    else {
      const posted = await services.slack.postMessage({
        channel: run.channel_id,
        text: failed.text,
        blocks: failed.blocks,
        threadTs: run.thread_ts,
      });
      // Where its Retry button is: a Retry pressed anywhere else is refused.
      await setRunStatusMessage(services.db, run.id, posted.ts).catch((err: unknown) =>
        services.logger.warn(`could not remember where the failure of run ${run.id} is shown`, err),
      );
    }
  } catch (slackError) {
    services.logger.error(`could not report the failure of run ${run.id} in Slack`, slackError);
    await tellRequester?.(
      `${failed.text} (Coworker could not post in this channel: ${toCoworkerError(slackError).message} If it is private, invite the app with /invite @Coworker.)`,
    ).catch((err: unknown) => services.logger.error(`could not tell the requester of run ${run.id} either`, err));
  }
}
