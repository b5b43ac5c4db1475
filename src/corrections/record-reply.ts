import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { newestInThread } from '../db/artifacts-repository.js';
import {
  insertCorrection,
  saveDisputedExtraction,
  saveExtraction,
  setCorrectionAck,
} from '../db/corrections-repository.js';
import type { CorrectionRow, Database } from '../db/schema.js';
import { toCoworkerError } from '../errors.js';
import type { VersionedFact } from '../knowledge/fact.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { ModelClient } from '../model/model-client.js';
import { requestToolInput } from '../model/request-tool-input.js';
import type { SlackPort } from '../slack-port.js';
import type { AgentRegistry } from '../specs/agent-registry.js';
import { renderCorrectionAck } from '../surfaces/correction-ack.js';
import { buildExtractionRequest, disputeOf, extractionSchema } from './extract-correction.js';
import { holdDisputedCorrection } from './hold-dispute.js';

export interface CorrectionDeps {
  db: Kysely<Database>;
  slack: SlackPort;
  model: ModelClient;
  smallModel: string;
  logger: Logger;
  /**
   * The agents and the team's facts now: a correction of an agent naming facts in
   * `context.knowledge` is checked against them. Absent: no correction is checked.
   */
  agents?: () => AgentRegistry;
  knowledge?: () => KnowledgeBase;
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
 * with Revise / Not a correction. When the agent uses team facts the same call checks the
 * correction against them: one that contradicts a fact is stored as disputed (no run gets it)
 * and held for the fact's owner (`holdDisputedCorrection`).
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
  const facts = factsOf(deps, artifact.agent);
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
        facts,
      }),
      extractionSchema(
        targets,
        facts.map((f) => f.id),
      ),
      { signal: AbortSignal.timeout(EXTRACTION_TIMEOUT_MS), timeoutMs: EXTRACTION_TIMEOUT_MS, onUsage: async () => {} },
    );
    const { target, kind, instruction } = extracted;
    const dispute = disputeOf(extracted, facts);
    const fact = dispute && facts.find((f) => f.id === dispute.fact.id);
    const disputed = fact
      ? await saveDisputedExtraction(deps.db, raw.id, {
          target,
          kind,
          instruction,
          fact: fact.id,
          version: fact.version,
          reason: dispute.reason,
        })
      : undefined;
    correction =
      disputed ?? (await saveExtraction(deps.db, raw.id, { target, kind, instruction, extraction: 'done' })) ?? raw;
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

  if (correction.status === 'disputed') {
    await holdDisputedCorrection(deps, correction);
    return correction;
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

/** The facts the agent names in `context.knowledge`, in their current versions (none without a registry or facts). */
function factsOf(deps: CorrectionDeps, agent: string): VersionedFact[] {
  const ids = deps.agents?.().get(agent)?.spec.context.knowledge ?? [];
  if (ids.length === 0) return [];
  return deps.knowledge?.().pick(ids) ?? [];
}
