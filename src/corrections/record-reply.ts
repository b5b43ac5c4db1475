import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { newestInThread } from '../db/artifacts-repository.js';
import { insertCorrection, saveExtraction, setCorrectionAck } from '../db/corrections-repository.js';
import type { CorrectionRow, Database } from '../db/schema.js';
import { toCoworkerError } from '../errors.js';
import type { ModelClient } from '../model/model-client.js';
import { requestToolInput } from '../model/request-tool-input.js';
import type { SlackPort } from '../slack-port.js';
import { renderCorrectionAck } from '../surfaces/correction-ack.js';
import { buildExtractionRequest, extractionSchema } from './extract-correction.js';

export interface CorrectionDeps {
  db: Kysely<Database>;
  slack: SlackPort;
  model: ModelClient;
  smallModel: string;
  logger: Logger;
}

export interface ThreadReply {
  channel: string;
  threadTs: string;
  ts: string;
  user: string;
  text: string;
}

/** How long extraction may take before the raw reply is kept as the instruction. */
const EXTRACTION_TIMEOUT_MS = 30_000;

/**
 * A person's reply in a review thread becomes a correction of the agent that produced the
 * newest version in that thread. Stored raw first (never lost), then structured by a small
 * model call (on failure the raw text stays the instruction), then acknowledged in the thread
 * with Revise / Not a correction.
 * @returns the correction, or undefined when the thread is not a review thread (or a redelivery)
 */
export async function recordReplyCorrection(
  deps: CorrectionDeps,
  reply: ThreadReply,
): Promise<CorrectionRow | undefined> {
  const artifact = await newestInThread(deps.db, reply.channel, reply.threadTs);
  if (!artifact || reply.text.trim() === '') return undefined;
  const raw = await insertCorrection(deps.db, {
    id: randomUUID(),
    agent: artifact.agent,
    run_id: artifact.run_id,
    artifact_id: artifact.id,
    author: reply.user,
    source: 'reply',
    text: reply.text,
    target: null,
    kind: 'other',
    before: null,
    after: null,
    instruction: reply.text.trim(),
    extraction: 'pending',
    status: 'active',
    channel_id: reply.channel,
    thread_ts: reply.threadTs,
    message_ts: reply.ts,
    ack_ts: null,
    retired_by: null,
    retired_at: null,
  });
  if (!raw) return undefined;

  const options = ArtifactOptions.parse(artifact.options);
  const type = artifactTypeFor(options.type);
  const targets = type.targets(artifact.content, options);
  let correction: CorrectionRow = raw;
  try {
    const extracted = await requestToolInput(
      deps.model,
      buildExtractionRequest({
        model: deps.smallModel,
        agent: artifact.agent,
        artifactText: type.toText(artifact.content, options),
        targets,
        reply: reply.text,
      }),
      extractionSchema(targets),
      { signal: AbortSignal.timeout(EXTRACTION_TIMEOUT_MS), timeoutMs: EXTRACTION_TIMEOUT_MS, onUsage: async () => {} },
    );
    correction = (await saveExtraction(deps.db, raw.id, { ...extracted, extraction: 'done' })) ?? raw;
  } catch (err) {
    deps.logger.warn(
      `extracting correction ${raw.id} failed; keeping the reply as written: ${toCoworkerError(err).message}`,
    );
    correction =
      (await saveExtraction(deps.db, raw.id, {
        target: null,
        kind: 'other',
        instruction: raw.instruction,
        extraction: 'failed',
      })) ?? raw;
  }

  const ack = renderCorrectionAck({ correction, state: { status: 'active' } });
  const posted = await deps.slack.postMessage({
    channel: reply.channel,
    threadTs: reply.threadTs,
    text: ack.text,
    blocks: ack.blocks,
  });
  await setCorrectionAck(deps.db, correction.id, posted.ts);
  return correction;
}
