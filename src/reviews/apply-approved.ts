import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { type AnyArtifactType, ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { claimApplyStep, finishApplyStep, getApplyStep } from '../db/apply-steps-repository.js';
import { markApplied } from '../db/artifacts-repository.js';
import { retryWhileUnavailable } from '../db/retry-while-unavailable.js';
import type { ArtifactRow, Database } from '../db/schema.js';
import { CoworkerError, toCoworkerError } from '../errors.js';
import type { SlackPort } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import type { WebhookPolicy } from '../steps/deliver-webhook.js';
import { type StepResult, stepKindOf } from '../steps/index.js';
import type { ToolGateway } from '../tools/tool-gateway.js';
import { calledLine, describeCall, makeApprovedCall } from './make-approved-call.js';

export interface ApplyDeps {
  db: Kysely<Database>;
  slack: SlackPort;
  agents: () => AgentRegistry;
  logger: Logger;
  instanceId: string;
  webhook: WebhookPolicy;
  /** How long recording a step's outcome waits for an unreachable database; default no waiting. */
  databaseWaitMs?: number;
  /** The agents' tool servers, for the calls of approved `actions` artifacts; absent: none. */
  tools?: ToolGateway;
  /**
   * Aborted when this process stops for good, after its drain, just before it closes the tool
   * servers: a step failing after that was cut off by the stop, not by its target.
   */
  stopping?: AbortSignal;
}

/**
 * Step 0 attaches the type's files (a table's CSV) in the review thread; steps 1..n are the
 * type's approved calls (an `actions` artifact's), in order; `on_approve[i]` is step n + i + 1.
 */
const ATTACH_STEP = 0;

/**
 * Applies an approved artifact: every step is claimed in the database before it runs, so it
 * runs at most once however many clicks, replicas or sweeps get here (a sweep finishes what a
 * crash interrupted: `applied_at` is set only at the end). A step that fails after its claim is
 * recorded and reported in the review thread, never silently repeated. Steps run in order: one
 * still claimed elsewhere stops this pass (its owner goes on, or dies and the step is reported
 * as interrupted by `reportInterruptedSteps`, after which a sweep runs the rest). An approved
 * call after one that did not go through is not made, and says so (`makeApprovedCall`).
 */
export async function applyApproved(deps: ApplyDeps, artifact: ArtifactRow): Promise<void> {
  const options = ArtifactOptions.parse(artifact.options);
  const type = artifactTypeFor(options.type);
  const files = type.approvedFiles(artifact.content, options);
  if (files.length > 0 && artifact.channel_id) {
    const channel = artifact.channel_id;
    const attached = await runStep(deps, artifact, ATTACH_STEP, 'attach', 'attach the approved files', async () => {
      for (const file of files) await deps.slack.uploadFile({ channel, threadTs: artifact.thread_ts, ...file });
      return { files: files.map((f) => f.filename) };
    });
    if (attached === 'held elsewhere') return;
  }
  const calls = await makeCalls(deps, artifact, type, options);
  if (calls === 'held elsewhere') return;
  const steps = deps.agents().get(artifact.agent)?.spec.on_approve ?? [];
  for (const [index, step] of steps.entries()) {
    const kind = stepKindOf(step);
    const perform = (deliveryId: string) => kind.perform(deps, artifact, step, deliveryId);
    const number = calls + index + 1;
    if ((await runStep(deps, artifact, number, kind.kind, kind.describe(step), perform)) === 'held elsewhere') return;
  }
  await markApplied(deps.db, artifact.id);
}

/**
 * Makes the type's approved calls as steps 1..n, each claimed first and reported in the thread,
 * with the content checked again against the schemas stored with it (what was reviewed).
 * Content that no longer passes (possible only if a validator changed since it was stored)
 * makes no call: one step says so, once. @returns how many steps the calls took
 */
async function makeCalls(
  deps: ApplyDeps,
  artifact: ArtifactRow,
  type: AnyArtifactType,
  options: ArtifactOptions,
): Promise<number | 'held elsewhere'> {
  if (type.approvedCalls === undefined) return 0;
  const parsed = type.contentSchema(options).safeParse(artifact.content);
  if (!parsed.success) {
    const problem = parsed.error.issues[0]?.message ?? 'unknown';
    const refuse = async (): Promise<StepResult> => {
      throw new CoworkerError(
        'apply_failed',
        `the approved calls do not pass the tool schemas they were reviewed with (${problem}), so none was made.`,
      );
    };
    return (await runStep(deps, artifact, 1, 'tool_call', 'make the approved calls', refuse)) === 'held elsewhere'
      ? 'held elsewhere'
      : 1;
  }
  const calls = type.approvedCalls(parsed.data, options);
  for (const [index, call] of calls.entries()) {
    const n = index + 1;
    const outcome = await runStep(
      deps,
      artifact,
      n,
      'tool_call',
      describeCall(call, n),
      () => makeApprovedCall(deps, artifact, call, n),
      (result) => calledLine(call, n, result),
    );
    if (outcome === 'held elsewhere') return 'held elsewhere';
  }
  return calls.length;
}

/**
 * `ran`: this call claimed and ran the step; `resolved`: it was done, failed or interrupted
 * before; `held elsewhere`: the step is still claimed, by another pass, or by this one when the
 * process stopped under it.
 */
type StepOutcome = 'ran' | 'resolved' | 'held elsewhere';

async function runStep(
  deps: ApplyDeps,
  artifact: ArtifactRow,
  step: number,
  kind: string,
  description: string,
  perform: (deliveryId: string) => Promise<StepResult>,
  /** The thread's line when it went through (a failure is always reported); none: say nothing. */
  done?: (result: StepResult) => string,
): Promise<StepOutcome> {
  const claim = await claimApplyStep(deps.db, {
    artifactId: artifact.id,
    step,
    kind,
    claimedBy: deps.instanceId,
    description,
  });
  if (!claim)
    return (await getApplyStep(deps.db, artifact.id, step))?.status === 'claimed' ? 'held elsewhere' : 'resolved';
  // What happened at the target is recorded even across a short database outage; a failure to
  // record is not the step's failure (the catch below is for the step's own).
  const record = (outcome: Parameters<typeof finishApplyStep>[1]) =>
    retryWhileUnavailable(() => finishApplyStep(deps.db, outcome), {
      waitMs: deps.databaseWaitMs ?? 0,
      onWait: () =>
        deps.logger.warn(
          `apply step ${step} (${kind}) of artifact ${artifact.id}: waiting for the database to record its outcome`,
        ),
    });
  let result: Awaited<ReturnType<typeof perform>>;
  try {
    result = await perform(claim.delivery_id);
  } catch (err) {
    const error = toCoworkerError(err);
    if (deps.stopping?.aborted) {
      // Cut off by this process stopping (e.g. its tool server connections closed mid-call): the
      // target may or may not have acted, so it is neither a failure nor done. The step stays
      // claimed; the next start reports it as interrupted and makes no later step.
      deps.logger.warn(`apply step ${step} (${kind}) of artifact ${artifact.id} was cut off by the stop`);
      return 'held elsewhere';
    }
    deps.logger.warn(`apply step ${step} (${kind}) of artifact ${artifact.id} failed: ${error.message}`);
    let recorded: boolean | undefined;
    let recordError: unknown;
    try {
      recorded = await record({
        artifactId: artifact.id,
        step,
        ok: false,
        attempts: Number(error.details.attempts ?? 1),
        error: error.message,
      });
    } catch (e) {
      recordError = e;
    }
    // Said in the thread even when the database could not record it; not when the step was already
    // reported as interrupted (this process was taken for dead): that report says to check by hand.
    if (recorded !== false && artifact.channel_id) {
      await deps.slack
        .postMessage({
          channel: artifact.channel_id,
          threadTs: artifact.thread_ts ?? artifact.message_ts,
          text: `:warning: Approved, but could not ${description}: ${error.message} It was not retried; do it by hand if it is still needed.`,
        })
        .catch((slackError: unknown) =>
          deps.logger.error(`could not report the failed apply step of ${artifact.id}`, slackError),
        );
    }
    if (recordError !== undefined) throw recordError;
    return 'ran';
  }
  const recorded = await record({ artifactId: artifact.id, step, ok: true, attempts: result.attempts ?? 1, result });
  if (!recorded)
    deps.logger.warn(`apply step ${step} (${kind}) of ${artifact.id} succeeded after being reported as interrupted`);
  if (done !== undefined && artifact.channel_id) {
    await deps.slack
      .postMessage({
        channel: artifact.channel_id,
        threadTs: artifact.thread_ts ?? artifact.message_ts,
        text: done(result),
      })
      .catch((slackError: unknown) =>
        deps.logger.error(`could not report apply step ${step} of ${artifact.id} in its thread`, slackError),
      );
  }
  return 'ran';
}
