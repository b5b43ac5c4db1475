import { randomBytes } from 'node:crypto';
import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { ATTACHMENT_LIMITS } from '../attachments/attachment-limits.js';
import { parseAttachmentReport } from '../attachments/attachment-report.js';
import { describeAttachments } from '../attachments/describe-attachments.js';
import type { Config } from '../config/config.js';
import { knownModels } from '../config/models.js';
import { storeFactVersions } from '../db/facts-repository.js';
import { heartbeat, markInstanceStopped } from '../db/instances-repository.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { listToolCalls } from '../db/run-tool-calls-repository.js';
import { finishRun, getRun } from '../db/runs-repository.js';
import { CoworkerError, toCoworkerError } from '../errors.js';
import { usd } from '../figures.js';
import { sourceViews } from '../knowledge/fact-statuses.js';
import { KnowledgeSource } from '../knowledge/knowledge-source.js';
import { knownFactsOf, loadKnowledge } from '../knowledge/load-knowledge.js';
import { noMetrics } from '../metrics/metrics.js';
import { createAnthropicModelClient, type ModelClient } from '../model/model-client.js';
import { every } from '../periodic.js';
import { produceArtifact } from '../runs/produce-artifact.js';
import { recordRun } from '../runs/record-run.js';
import { AgentRegistry } from '../specs/agent-registry.js';
import { formatProblem, loadSpecs } from '../specs/load-specs.js';
import { renderReviewMessage } from '../surfaces/review-message.js';
import { describeSource } from '../surfaces/sources-line.js';
import { createCliToolGateway } from './cli-tool-gateway.js';
import { localAttachmentRefs, localFileSource } from './local-file-source.js';

const USAGE = 'Usage: coworker try <agent> "<input>" [--file <path>]... [--json]';

/**
 * `coworker try <agent> "<input>" [--file <path>]... [--json]`: one run without Slack. The run
 * and its artifact are stored like any other (trigger `cli`), the artifact is printed readably,
 * or with `--json` as `{content, blocks}` (the review message's Block Kit). Each `--file` is
 * attached as a file shared with the triggering message would be. The agent is given the facts
 * its `context.knowledge` names from KNOWLEDGE_DIR (their versions stored as the app stores
 * them), and the printout names them as its sources. @returns the exit code
 */
export async function tryAgent(
  config: Config,
  args: string[],
  write: (line: string) => void,
  model: ModelClient = createAnthropicModelClient(config),
): Promise<number> {
  const { json, files, words } = parseTryArgs(args);
  const [name, ...inputWords] = words;
  if (!name) throw new CoworkerError('usage', `which agent? ${USAGE}`);
  const factsRead = await loadKnowledge(config.knowledgeDir);
  const registry = new AgentRegistry(
    await loadSpecs(config.agentsDir, config.env, {
      models: knownModels(config.model, config.smallModel),
      knownFacts: () => knownFactsOf(factsRead),
    }),
  );
  const agent = registry.get(name);
  if (!agent) {
    const invalid = registry.invalid().find((i) => i.file.endsWith(`/${name}.yaml`) || i.file.endsWith(`/${name}.yml`));
    if (invalid) {
      for (const problem of invalid.problems) write(formatProblem(invalid.file, problem, process.cwd()));
      throw new CoworkerError('spec_invalid', `the spec of ${name} is invalid (see above).`);
    }
    const known = registry.all().map((a) => a.spec.name);
    throw new CoworkerError(
      'agent_unknown',
      `there is no agent called "${name}" in ${config.agentsDir}. Agents: ${known.join(', ') || 'none'}.`,
    );
  }

  const attachments = await localAttachmentRefs(files, process.cwd());
  const database = await openDatabase(config);
  const tools = createCliToolGateway(config);
  try {
    await migrateToLatest(database.db);
    // Versions as the app gives them, so the run names versions that exist (and its sources show in Slack later).
    const knowledge = await KnowledgeSource.fromLoaded(config.knowledgeDir, factsRead, (facts) =>
      storeFactVersions(database.db, facts),
    );
    const instanceId = `cli-${process.pid}-${randomBytes(3).toString('hex')}`;
    // Heartbeat like the app does, so replicas sharing a PostgreSQL do not take this run for dead.
    await heartbeat(database.db, instanceId);
    const stopHeartbeat = every(
      config.timing.heartbeatMs,
      () => heartbeat(database.db, instanceId),
      () => undefined,
    );
    const run = await recordRun(database.db, {
      agent,
      trigger: { kind: 'cli', detail: 'coworker try' },
      input: inputWords.join(' '),
      channelId: null,
      instanceId,
      attachments,
    });
    let artifact: Awaited<ReturnType<typeof produceArtifact>>['artifact'];
    try {
      ({ artifact } = await produceArtifact(
        {
          db: database.db,
          model,
          defaultModel: config.model,
          instanceId,
          tools,
          attachments: localFileSource,
          knowledge: () => knowledge.current(),
          metrics: noMetrics,
        },
        run,
        agent,
        // Progress lines would break the JSON of --json.
        { onToolStart: async (tool) => (json ? undefined : write(`… looking up ${tool}`)) },
      ));
      // produceArtifact ended the run with its artifact.
    } catch (err) {
      const error = toCoworkerError(err);
      await finishRun(database.db, run.id, { status: 'failed', errorCode: error.code, errorMessage: error.message });
      write(`Run failed: ${error.message}`);
      return 1;
    } finally {
      stopHeartbeat();
      await markInstanceStopped(database.db, instanceId);
    }
    const stored = await getRun(database.db, run.id);
    // As the run bound them (an actions artifact's write tools), as the review in Slack shows it.
    const options = ArtifactOptions.parse(artifact.options);
    const attachmentReport = parseAttachmentReport(artifact.attachment_report);
    const toolCalls = (await listToolCalls(database.db, run.id)).map((c) => ({
      tool: c.server === '' ? c.tool : `${c.server}.${c.tool}`,
      refused: c.refused,
    }));
    const sources = await sourceViews(database.db, knowledge.current().pick(agent.spec.context.knowledge));
    if (json) {
      const review = renderReviewMessage({
        agent: agent.spec.name,
        artifact: {
          id: artifact.id,
          version: artifact.version,
          options,
          content: artifact.content,
        },
        trigger: { kind: 'cli' },
        state: { status: 'pending' },
        correctionsUsed: artifact.corrections_used,
        ...(attachmentReport ? { attachments: attachmentReport } : {}),
        ...(toolCalls.length > 0 ? { toolCalls } : {}),
        ...(sources.length > 0 ? { sources } : {}),
      });
      write(
        JSON.stringify(
          { run: run.id, artifact: artifact.id, type: artifact.type, content: artifact.content, blocks: review.blocks },
          null,
          2,
        ),
      );
    } else {
      write(`── ${agent.spec.name} · ${artifact.type} · run ${run.id}`);
      const attached = attachmentReport && describeAttachments(attachmentReport, ATTACHMENT_LIMITS);
      if (attached) write(`── ${attached}`);
      write(artifactTypeFor(options.type).toText(artifact.content, options));
      for (const call of toolCalls) write(`── ${call.refused ? 'refused' : 'looked up'}: ${call.tool}`);
      if (sources.length > 0) write(`── sources: ${sources.map((f) => describeSource(f, new Date())).join(' · ')}`);
      write(
        `── ${stored?.model ?? ''}, ${stored?.input_tokens ?? 0} input + ${stored?.output_tokens ?? 0} output tokens${stored?.cost_usd != null ? `, ${usd(stored.cost_usd)}` : ''}`,
      );
    }
    return 0;
  } finally {
    await tools.close();
    await database.close();
  }
}

/** `--json` anywhere, `--file <path>` (repeatable); the other words are the agent and its input. */
function parseTryArgs(args: readonly string[]): { json: boolean; files: string[]; words: string[] } {
  const parsed = { json: false, files: [] as string[], words: [] as string[] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--json') parsed.json = true;
    else if (arg === '--file') {
      const file = args[++i];
      if (file === undefined || file === '') throw new CoworkerError('usage', `--file needs a path. ${USAGE}`);
      parsed.files.push(file);
    } else if (arg.startsWith('--file=')) parsed.files.push(arg.slice('--file='.length));
    else parsed.words.push(arg);
  }
  return parsed;
}
