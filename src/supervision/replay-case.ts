import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import type { Kysely } from 'kysely';
import { type AnyArtifactType, ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import type { RunAttachment } from '../attachments/run-attachment.js';
import { evalCases } from '../db/eval-cases-repository.js';
import { factBodiesOfRuns } from '../db/facts-repository.js';
import { runContextsOf } from '../db/run-contexts-repository.js';
import { listToolCallsOfRuns } from '../db/run-tool-calls-repository.js';
import type { Database, RunToolCallRow } from '../db/schema.js';
import type { AbsentAttachment } from '../model/attachment-blocks.js';
import {
  buildRequest,
  type ContextFile,
  type HistoryMessage,
  type PromptCorrection,
  type PromptFact,
} from '../model/build-request.js';
import type { ToolNameMap } from '../model/tool-names.js';
import { offeredTools } from '../runs/read-tools.js';
import { RecordedAttachment, RecordedHistory, RecordedReadTool } from '../runs/run-context.js';
import type { AgentSpec } from '../specs/agent-spec.js';

/** What a replay had of its run's context, for the report: a case replayed without all of it says so. */
export interface ReplayContext {
  /** False for a run recorded before runs kept their context: replayed with its input only. */
  recorded: boolean;
  historyMessages: number;
  /** Text files given again as they were. */
  textFiles: number;
  /** PDFs and images, named in the replay but not shown (their bytes are not kept). */
  absentFiles: string[];
  /** Tool calls whose recorded result a replay can serve. */
  recordedToolCalls: number;
}

/** One approved artifact to replay, with everything its run was given that a replay reuses. */
export interface ReplayCase {
  artifactId: string;
  runId: string;
  edited: boolean;
  /** The approved content (edited ones in their edited form) and the options it was reviewed with. */
  expected: unknown;
  options: ArtifactOptions;
  input: string;
  /** The model of the original run and what it cost (null: unknown). */
  originalModel: string | null;
  originalCostUsd: number | null;
  history: HistoryMessage[];
  attachments: Array<RunAttachment | AbsentAttachment>;
  knowledge: PromptFact[];
  readTools: RecordedReadTool[];
  toolCalls: RunToolCallRow[];
  context: ReplayContext;
}

/**
 * The newest `limit` approved artifacts of `agent` as cases: each with its run's input, the
 * history and files it was given, the fact versions it used (in the spec's order) and its tool
 * calls with their results. Reads the database only (three queries besides the cases'); nothing is connected to.
 */
export async function loadReplayCases(db: Kysely<Database>, spec: AgentSpec, limit: number): Promise<ReplayCase[]> {
  const rows = await evalCases(db, spec.name, limit);
  const order = new Map(spec.context.knowledge.map((id, i) => [id, i]));
  // Three queries for all the cases, whatever their number.
  const runIds = rows.map((row) => row.run_id);
  const [contexts, toolCallsByRun, factsByRun] = await Promise.all([
    runContextsOf(db, runIds),
    listToolCallsOfRuns(db, runIds),
    factBodiesOfRuns(db, runIds),
  ]);
  return rows.map((row) => {
    const stored = contexts.get(row.run_id);
    const toolCalls = toolCallsByRun.get(row.run_id) ?? [];
    const facts = factsByRun.get(row.run_id) ?? [];
    const history = stored ? RecordedHistory.parse(stored.history) : [];
    const files = stored ? RecordedAttachment.array().parse(stored.attachments) : [];
    const attachments = files.map(replayedAttachment);
    const served = toolCalls.filter((call) => !call.refused && call.result !== null);
    return {
      artifactId: row.id,
      runId: row.run_id,
      edited: row.edited,
      expected: row.content,
      options: ArtifactOptions.parse(row.options),
      input: row.input,
      originalModel: row.model,
      originalCostUsd: row.cost_usd,
      history,
      attachments,
      knowledge: facts
        .map((f) => ({ id: f.id, title: f.title, version: f.version, body: f.body }))
        .sort((a, b) => (order.get(a.id) ?? order.size) - (order.get(b.id) ?? order.size)),
      readTools: stored ? RecordedReadTool.array().parse(stored.read_tools) : [],
      toolCalls,
      context: {
        recorded: stored !== undefined,
        historyMessages: history.length,
        textFiles: files.filter((f) => f.kind === 'text').length,
        absentFiles: attachments.filter((a) => a.kind === 'absent').map((a) => a.name),
        recordedToolCalls: served.length,
      },
    };
  });
}

/** What replaying a case against one model needs: its request and the tools it offers. */
export interface ReplayRequest {
  request: MessageCreateParamsNonStreaming;
  artifactType: AnyArtifactType;
  names: ToolNameMap;
}

/**
 * The request a case's run would make today with `model`: the current spec, reference files and
 * corrections (what is being evaluated), the case's own input, history, files, facts and read
 * tools as recorded, and the artifact options it was reviewed with. Pure, as `buildRequest` is.
 */
export function replayRequest(
  spec: AgentSpec,
  c: ReplayCase,
  given: { model: string; files: ContextFile[]; corrections: PromptCorrection[] },
): ReplayRequest {
  const artifactType = artifactTypeFor(c.options.type);
  const tools = offeredTools(c.readTools);
  const request = buildRequest({
    spec: { ...spec, artifact: c.options },
    model: given.model,
    artifactType,
    input: c.input,
    context: {
      files: given.files,
      history: c.history,
      corrections: given.corrections,
      attachments: c.attachments,
      knowledge: c.knowledge,
    },
    readTools: tools.definitions,
  });
  return { request, artifactType, names: tools.names };
}

function replayedAttachment(file: RecordedAttachment): RunAttachment | AbsentAttachment {
  if (file.kind === 'text')
    return { kind: 'text', name: file.name, text: file.text, ...(file.cut ? { cut: file.cut } : {}) };
  return { kind: 'absent', name: file.name, type: file.kind, sha256: file.sha256 };
}
