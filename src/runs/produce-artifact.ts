import { randomUUID } from 'node:crypto';
import type { Logger } from '@slack/logger';
import type { Kysely } from 'kysely';
import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import type { AttachmentSource } from '../attachments/attachment-source.js';
import { getArtifact, insertVersion, newestInLineage } from '../db/artifacts-repository.js';
import { recordCorrectionUses } from '../db/corrections-repository.js';
import { recordRunFacts } from '../db/facts-repository.js';
import { retryWhileUnavailable } from '../db/retry-while-unavailable.js';
import { addRunUsage, claimRunReadingCorrections, getRun } from '../db/runs-repository.js';
import type { ArtifactRow, Database, Run } from '../db/schema.js';
import { CoworkerError } from '../errors.js';
import type { VersionedFact } from '../knowledge/fact.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { Metrics } from '../metrics/metrics.js';
import { buildRequest, type HistoryMessage } from '../model/build-request.js';
import { formatSeconds, type ModelClient } from '../model/model-client.js';
import { readContextFiles } from '../model/read-context-files.js';
import { runToolLoop } from '../model/run-tool-loop.js';
import { type QualifiedTool, qualifiedName } from '../model/tool-names.js';
import type { SlackPort } from '../slack-port.js';
import type { LoadedAgent } from '../specs/load-specs.js';
import type { ToolGateway } from '../tools/tool-gateway.js';
import { givenCorrections } from './corrections-for-run.js';
import { attachmentsOfRun } from './read-attachments.js';
import { readToolsOf, recordToolCalls } from './read-tools.js';
import { recordedContextOf } from './run-context.js';
import { runFacts } from './run-facts.js';
import { UnstoredUsage } from './unstored-usage.js';

export interface ProduceDeps {
  db: Kysely<Database>;
  model: ModelClient;
  defaultModel: string;
  instanceId: string;
  /** Where `context.history` comes from; absent (the CLI) means no channel to read. */
  slack?: Pick<SlackPort, 'recentMessages'>;
  /** Where the files attached to a run's message are downloaded from; absent: they are skipped. */
  attachments?: AttachmentSource;
  /**
   * How long the writes after the model answered (usage, the artifact) wait for an unreachable
   * database, at least: they may use what is left of `limits.timeout`. Default: no waiting.
   */
  databaseWaitMs?: number;
  logger?: Logger;
  /**
   * The agents' MCP servers; needed only by agents with `tools:` (their runs fail without it,
   * and an `actions` agent without write tools fails as well).
   */
  tools?: ToolGateway;
  /** The team's facts now (a reload swaps them); absent: an agent naming facts fails its runs. */
  knowledge?: () => KnowledgeBase;
  /** Where the runs this process starts are counted (`noMetrics` for the CLI). */
  metrics: Metrics;
}

/** What a caller may follow of a run while it works. */
export interface ProduceHooks {
  /** A read tool is about to be called (`crm.search_nodes`); a failure here is the caller's to log. */
  onToolStart?: (tool: string) => Promise<void>;
}

export interface Produced {
  artifact: ArtifactRow;
  /** Older versions this one superseded (their review messages need refreshing). */
  superseded: string[];
  /**
   * Whether storing the artifact ended the run (as succeeded, counted here). False: another
   * process had ended it meanwhile (reported it interrupted, with Retry in its message); the
   * artifact was stored superseded, points at no message and superseded nothing.
   */
  ended: boolean;
}

/**
 * The model half of a run, with no Slack in it (the CLI's `try` uses it as is): claims the
 * queued run, gathers context (files, history, attached files, the agent's own active corrections), calls the model
 * within `limits.timeout`, stores the artifact as pending review (a revision run stores the next
 * version of the artifact it revises, superseding it) with what a replay needs of the context
 * (`run_contexts`) and where its review will be (the run's message, which the review replaces),
 * and ends the run as succeeded in that same write, adding the last model call's usage to its
 * totals. Every other call's usage is stored before the tool call that follows it, or when the
 * run fails; the corrections given are recorded against the run. What the model cost is
 * not thrown away to a database restart: those writes wait for it (`databaseWaitMs`).
 *
 * An agent with `tools:` works as a bounded tool loop (`runToolLoop`): its read tools are
 * offered, each call is executed through `deps.tools` and stored on the run; a write tool is
 * never offered nor executed here. Everything, tool calls included, stays within `limits.timeout`.
 * @throws CoworkerError for every way a run can fail; the caller records and reports it
 */
export async function produceArtifact(
  deps: ProduceDeps,
  run: Run,
  agent: LoadedAgent,
  hooks: ProduceHooks = {},
): Promise<Produced> {
  const { spec } = agent;
  const model = spec.model ?? deps.defaultModel;
  // The agent's corrections are read in the claim's statement (no round trip of their own on the way to the model).
  const claim = await claimRunReadingCorrections(
    deps.db,
    { id: run.id, instanceId: deps.instanceId, model, statusTs: run.status_ts },
    { agent: spec.name, limit: spec.context.corrections },
  );
  if (!claim.claimed) {
    throw new CoworkerError('internal', 'this run was already started elsewhere.', {
      details: { runId: run.id },
    });
  }
  deps.metrics.runStarted({ agent: spec.name, trigger: run.trigger_kind });
  const timeoutMs = spec.limits.timeout;
  const deadline = Date.now() + timeoutMs;
  const store = <T>(what: string, write: () => Promise<T>) =>
    retryWhileUnavailable(write, {
      waitMs: Math.max(deadline - Date.now(), deps.databaseWaitMs ?? 0),
      onWait: () =>
        deps.logger?.warn(
          `run ${run.id} of ${spec.name}: the database is unavailable; waiting for the database to store ${what}`,
        ),
    });
  // Its own write is an increment, repeated only when it failed: at worst (the answer to a commit
  // that went through lost) calls are counted twice, which beats failing a run that was paid for.
  const usage = new UnstoredUsage(model, (increment) =>
    store('its usage', () => addRunUsage(deps.db, run.id, increment)),
  );
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new CoworkerError(
          'run_timeout',
          `the agent took longer than its limit of ${formatSeconds(timeoutMs)} (limits.timeout).`,
        ),
      ),
    timeoutMs,
  );
  try {
    const artifactType = artifactTypeFor(spec.artifact.type);
    // The servers' tools, listed once: the read tools are offered, the write tools described.
    const tools = await readToolsOf(deps.tools, agent, controller.signal);
    // What only the run knows (an actions artifact's write tools) is bound into the options that
    // the model is asked with and that are stored with the artifact.
    const options = artifactType.binding
      ? ArtifactOptions.parse(await artifactType.binding.bind(spec.artifact, runFacts(tools.writeTools)))
      : spec.artifact;
    const files = await readContextFiles(agent.file, spec.context.files);
    const facts = factsFor(deps, spec.context.knowledge);
    await recordRunFacts(deps.db, run.id, facts);
    const corrections = givenCorrections(claim.corrections);
    await recordCorrectionUses(
      deps.db,
      run.id,
      corrections.rows.map((c) => c.id),
    );
    const lineage = await lineageOf(deps.db, run);
    const attached = await attachmentsOfRun(deps, run, spec, controller.signal);
    const history = await readHistory(deps, run, spec.context.history);
    const attachments = attached?.attachments ?? [];
    // What the model is given beyond the spec and the corrections, so that `coworker eval` can
    // replay this run as it was (the tool results are recorded with each call); stored with the artifact.
    const context = recordedContextOf({ history, attachments, readTools: tools.offered });
    const request = buildRequest({
      spec: { ...spec, artifact: options },
      model,
      artifactType,
      input: run.input,
      context: {
        files,
        history,
        corrections: corrections.prompt,
        attachments,
        knowledge: facts.map((f) => ({ id: f.id, title: f.title, version: f.version, body: f.body })),
      },
      readTools: tools.definitions,
    });
    const recordCall = recordToolCalls((what, write) => store(what, write), deps.db, run.id);
    let toolCalls = 0;
    const content = await runToolLoop(deps.model, request, artifactType.contentSchema(options), {
      signal: controller.signal,
      timeoutMs,
      // Held until the next write that can take it (a tool call's, the artifact's, a failure's).
      onUsage: async (call) => usage.add(call),
      names: tools.names,
      maxToolCalls: spec.limits.tool_calls,
      executeRead: async (tool: QualifiedTool, args) => {
        await usage.store(); // a tool can take long: what the model cost so far is stored first
        return tools.call(
          agent,
          { server: tool.server, tool: tool.tool, arguments: args },
          { signal: controller.signal },
        );
      },
      onToolStart: async (tool) => hooks.onToolStart?.(qualifiedName(tool)),
      onToolCall: (record) => {
        toolCalls += 1;
        return recordCall(record);
      },
    });
    const id = randomUUID();
    const row = {
      id,
      run_id: run.id,
      agent: spec.name,
      type: spec.artifact.type,
      options: JSON.stringify(options),
      content: JSON.stringify(content),
      version: lineage?.version ?? 1,
      lineage_id: lineage?.lineageId ?? id,
      status: 'pending' as const,
      quorum: spec.review.quorum,
      expires_at: new Date(Date.now() + spec.review.expires_after),
      channel_id: run.channel_id,
      message_ts: null,
      thread_ts: run.thread_ts,
      corrections_used: corrections.rows.length,
      tool_calls: toolCalls,
      facts_used: facts.length,
      decided_by: null,
      decided_at: null,
      attachment_report: attached ? JSON.stringify(attached.report) : null,
    };
    // The review replaces the run's message (`publishReview`): where it will be is known now.
    const review =
      run.channel_id !== null && run.status_ts !== null
        ? { messageTs: run.status_ts, threadTs: run.thread_ts ?? run.status_ts }
        : undefined;
    // The last model call's usage ends the run with its artifact (the run's totals, one statement).
    const lastUsage = usage.pending();
    const storage = {
      context,
      endsRun: { ...(review ? { review } : {}), ...(lastUsage ? { usage: lastUsage } : {}) },
    };
    let tried = false;
    const stored = await store('its result', async () => {
      // A retry after a lost answer to a commit that went through finds the artifact stored.
      const earlier = tried ? await getArtifact(deps.db, id) : undefined;
      tried = true;
      return earlier
        ? { artifact: earlier, superseded: [] }
        : insertVersion(deps.db, row, lineage ? { revises: lineage.revises, ...storage } : storage);
    });
    if (!stored) {
      throw new CoworkerError(
        'review_stale',
        'the version being revised was approved or revised by someone else meanwhile, so this revision was dropped.',
      );
    }
    // Stored superseded only when its statement found the run ended already (nothing else can
    // have superseded it yet: its review is not shown), so the row says who ended the run, also
    // when it is read back after a lost answer.
    const ended = stored.artifact.status !== 'superseded';
    if (ended) {
      if (lastUsage) usage.stored(lastUsage);
      deps.metrics.runFinished({ agent: run.agent, outcome: 'succeeded' });
    } else {
      await usage.store(); // ended elsewhere, the run's totals still count what it cost
    }
    return { ...stored, ended };
  } catch (err) {
    // What the model cost is kept whatever failed after it (invalid output, a tool, the deadline).
    await usage.store().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The facts `context.knowledge` names, as KNOWLEDGE_DIR holds them now. One that is gone (the
 * spec is switched off by the next reload) fails the run rather than run it without the fact.
 */
function factsFor(deps: ProduceDeps, ids: readonly string[]): VersionedFact[] {
  if (ids.length === 0) return [];
  const base = deps.knowledge?.();
  const missing = ids.filter((id) => !base?.get(id));
  if (missing.length > 0 || !base) {
    throw new CoworkerError(
      'agent_unknown',
      `the team fact${missing.length === 1 ? '' : 's'} ${missing.map((id) => `\`${id}\``).join(', ')} named in context.knowledge ${missing.length === 1 ? 'is' : 'are'} not in KNOWLEDGE_DIR: restore ${missing.length === 1 ? 'it' : 'them'} or change the spec.`,
    );
  }
  return base.pick(ids);
}

/** The channel's recent messages for `context.history` (none without a channel or a Slack connection). */
async function readHistory(deps: ProduceDeps, run: Run, limit: number): Promise<HistoryMessage[]> {
  if (limit <= 0 || !run.channel_id || !deps.slack) return [];
  try {
    return await deps.slack.recentMessages(run.channel_id, limit);
  } catch (err) {
    throw new CoworkerError(
      'slack_failed',
      `the channel's history (context.history) could not be read: ${err instanceof Error ? err.message : String(err)} Invite the app to the channel.`,
      { cause: err },
    );
  }
}

/**
 * A revision run continues the lineage of the version it revises; so does a Retry of a failed
 * revision (it holds `retry_of`, the revision run holds `revision_of`).
 */
async function lineageOf(
  db: Kysely<Database>,
  run: Run,
): Promise<{ lineageId: string; version: number; revises: string } | undefined> {
  let origin: Run | undefined = run;
  while (origin && !origin.revision_of && origin.retry_of) origin = await getRun(db, origin.retry_of);
  if (!origin?.revision_of) return undefined;
  const revised = await getArtifact(db, origin.revision_of);
  if (!revised) throw new CoworkerError('review_not_found', 'the version to revise no longer exists.');
  const newest = await newestInLineage(db, revised.lineage_id);
  return { lineageId: revised.lineage_id, version: (newest?.version ?? revised.version) + 1, revises: revised.id };
}
