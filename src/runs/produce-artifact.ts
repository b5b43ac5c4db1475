import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { artifactTypeFor } from '../artifacts/index.js';
import { costOf } from '../config/models.js';
import { insertArtifact } from '../db/artifacts-repository.js';
import { addRunUsage, claimRun } from '../db/runs-repository.js';
import type { ArtifactRow, Database, Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { LoadedAgent } from '../specs/load-specs.js';
import { buildRequest, type PromptCorrection } from './build-request.js';
import { formatSeconds, type ModelClient } from './model-client.js';
import { readContextFiles } from './read-context-files.js';
import { requestArtifact } from './request-artifact.js';

export interface ProduceDeps {
  db: Kysely<Database>;
  model: ModelClient;
  defaultModel: string;
  instanceId: string;
}

/** Where a revision sits in its lineage; version 1 starts a new lineage. */
export interface Lineage {
  lineageId: string;
  version: number;
}

/**
 * The model half of a run, with no Slack in it (the CLI's `try` uses it as is): claims the
 * queued run, gathers context, calls the model within `limits.timeout`, stores the artifact as
 * pending review. Usage is stored after every model call, failures included.
 * @throws CoworkerError for every way a run can fail; the caller records and reports it
 */
export async function produceArtifact(deps: ProduceDeps, run: Run, agent: LoadedAgent, options: { lineage?: Lineage; corrections?: PromptCorrection[] } = {}): Promise<ArtifactRow> {
  const { spec } = agent;
  const model = spec.model ?? deps.defaultModel;
  if (!(await claimRun(deps.db, run.id, deps.instanceId, model))) {
    throw new CoworkerError('internal', 'system', 'this run was already started elsewhere.', { details: { runId: run.id } });
  }
  const timeoutMs = spec.limits.timeout;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new CoworkerError('run_timeout', 'upstream', `the agent took longer than its limit of ${formatSeconds(timeoutMs)} (limits.timeout).`)),
    timeoutMs,
  );
  try {
    const artifactType = artifactTypeFor(spec.artifact.type);
    const files = await readContextFiles(agent.file, spec.context.files);
    const request = buildRequest({
      spec,
      model,
      artifactType,
      input: run.input,
      context: { files, history: [], corrections: options.corrections ?? [] },
    });
    const content = await requestArtifact(deps.model, request, artifactType.contentSchema(spec.artifact), {
      signal: controller.signal,
      timeoutMs,
      onUsage: (usage) => addRunUsage(deps.db, run.id, usage, costOf(model, usage)),
    });
    const id = randomUUID();
    return await insertArtifact(deps.db, {
      id,
      run_id: run.id,
      agent: spec.name,
      type: spec.artifact.type,
      options: JSON.stringify(spec.artifact),
      content: JSON.stringify(content),
      version: options.lineage?.version ?? 1,
      lineage_id: options.lineage?.lineageId ?? id,
      status: 'pending',
      quorum: spec.review.quorum,
      expires_at: new Date(Date.now() + spec.review.expires_after),
      channel_id: run.channel_id,
      message_ts: null,
      thread_ts: run.thread_ts,
      corrections_used: options.corrections?.length ?? 0,
      decided_by: null,
      decided_at: null,
    });
  } finally {
    clearTimeout(timer);
  }
}
