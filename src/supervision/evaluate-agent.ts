import type { Kysely } from 'kysely';
import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { costOf, type TokenUsage } from '../config/models.js';
import { evalCases } from '../db/eval-cases-repository.js';
import type { Database } from '../db/schema.js';
import { toCoworkerError } from '../errors.js';
import { buildRequest } from '../model/build-request.js';
import type { ModelClient } from '../model/model-client.js';
import { readContextFiles } from '../model/read-context-files.js';
import { runToolLoop } from '../model/run-tool-loop.js';
import { correctionsForRun } from '../runs/corrections-for-run.js';
import { readToolsOf } from '../runs/read-tools.js';
import { runFacts } from '../runs/run-facts.js';
import type { LoadedAgent } from '../specs/load-specs.js';
import type { ToolGateway } from '../tools/tool-gateway.js';
import { agreement } from './agreement.js';

export interface EvalCase {
  /** `artifact <id>` or `correction <id>` */
  label: string;
  agreement: number;
  costUsd: number | null;
  error?: string;
}

export interface EvalReport {
  agent: string;
  model: string;
  cases: EvalCase[];
  /** Mean agreement over all cases; a case the model failed counts as 0 (0 when there are none). */
  agreement: number;
  costUsd: number | null;
  /** What the original runs of those artifacts cost, for comparison. */
  originalCostUsd: number | null;
}

/**
 * Replays an agent's approved artifacts (edited ones in their edited form) against `model`,
 * with the agent's active corrections in the prompt as in a real run, and scores how closely
 * each answer agrees with what people approved. Edit corrections are cases too: the answer
 * must be closer to the reviewer's "after" than to the "before". Nothing is stored. An agent
 * with `tools:` reads its servers as in a run (through `deps.tools`: today's data, read only).
 * A type whose options a run binds (`actions`: its write tools) is replayed with the options
 * stored with the case's artifact (the tools it was reviewed against), bound anew only when the
 * spec's type changed since.
 */
export async function evaluateAgent(
  deps: { db: Kysely<Database>; model: ModelClient; tools?: ToolGateway },
  input: { agent: LoadedAgent; model: string; limit: number; timeoutMs?: number },
): Promise<EvalReport> {
  const { spec } = input.agent;
  const { approved, edits } = await evalCases(deps.db, spec.name, input.limit);

  const files = await readContextFiles(input.agent.file, spec.context.files);
  const corrections = await correctionsForRun(deps.db, spec.name, spec.context.corrections);
  const type = artifactTypeFor(spec.artifact.type);
  const answer = async (runInput: string, stored?: ArtifactOptions): Promise<{ text: string; cost: number | null }> => {
    let cost: number | null = 0;
    const addCost = async (usage: TokenUsage) => {
      const c = costOf(input.model, usage);
      cost = cost === null || c === null ? null : cost + c;
    };
    const timeoutMs = input.timeoutMs ?? spec.limits.timeout;
    const signal = AbortSignal.timeout(timeoutMs);
    const tools = await readToolsOf(deps.tools, input.agent, signal);
    const options = !type.binding
      ? spec.artifact
      : stored?.type === spec.artifact.type
        ? stored
        : ArtifactOptions.parse(await type.binding.bind(spec.artifact, runFacts(tools.writeTools)));
    const request = buildRequest({
      spec: { ...spec, artifact: options },
      model: input.model,
      artifactType: type,
      input: runInput,
      context: { files, history: [], corrections: corrections.prompt },
      readTools: tools.definitions,
    });
    const content = await runToolLoop(deps.model, request, type.contentSchema(options), {
      signal,
      timeoutMs,
      onUsage: addCost,
      names: tools.names,
      maxToolCalls: spec.limits.tool_calls,
      executeRead: (tool, args) =>
        tools.call(input.agent, { server: tool.server, tool: tool.tool, arguments: args }, { signal }),
    });
    return { text: type.toText(content, options), cost };
  };

  const cases: EvalCase[] = [];
  for (const row of approved) {
    const options = ArtifactOptions.parse(row.options);
    const expected = artifactTypeFor(options.type).toText(row.content, options);
    cases.push(
      await runCase(`artifact ${row.id}`, async () => {
        const got = await answer(row.input, options);
        return { agreement: agreement(expected, got.text), cost: got.cost };
      }),
    );
  }
  for (const edit of edits) {
    cases.push(
      await runCase(`correction ${edit.id}`, async () => {
        const got = await answer(edit.input, ArtifactOptions.parse(edit.options));
        const closerToAfter = agreement(edit.after ?? '', got.text) > agreement(edit.before ?? '', got.text);
        return { agreement: closerToAfter ? 1 : 0, cost: got.cost };
      }),
    );
  }

  const costs = cases.filter((c) => c.error === undefined).map((c) => c.costUsd);
  const originals = approved.map((r) => r.cost_usd);
  return {
    agent: spec.name,
    model: input.model,
    cases,
    agreement: cases.length > 0 ? cases.reduce((sum, c) => sum + c.agreement, 0) / cases.length : 0,
    costUsd: sumOrNull(costs),
    originalCostUsd: sumOrNull(originals),
  };
}

async function runCase(
  label: string,
  run: () => Promise<{ agreement: number; cost: number | null }>,
): Promise<EvalCase> {
  try {
    const result = await run();
    return { label, agreement: result.agreement, costUsd: result.cost };
  } catch (err) {
    return { label, agreement: 0, costUsd: null, error: toCoworkerError(err).message };
  }
}

function sumOrNull(values: ReadonlyArray<number | null>): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return (values as number[]).reduce((a, b) => a + b, 0);
}
