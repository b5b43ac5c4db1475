import type { Config } from '../config/config.js';
import { knownModels } from '../config/models.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { CoworkerError } from '../errors.js';
import { percent } from '../figures.js';
import { createAnthropicModelClient, type ModelClient } from '../model/model-client.js';
import { AgentRegistry } from '../specs/agent-registry.js';
import { loadSpecs } from '../specs/load-specs.js';
import { evaluateAgent } from '../supervision/evaluate-agent.js';
import { evalTable } from './eval-table.js';
import { parseCliArgs } from './parse-cli-args.js';

const USAGE =
  'Usage: coworker eval <agent> [--models a,b,...] [--limit N] [--judge <model>|none] [--min-agreement 0.8] [--json]';

/** Where the command writes: the report (stdout) and progress and problems (stderr). */
export interface EvalIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface EvalArgs {
  name: string;
  models: string[] | undefined;
  limit: number;
  judge: string | undefined;
  minAgreement: number | undefined;
  json: boolean;
}

/**
 * `coworker eval <agent> [--models a,b] [--model M] [--limit N] [--judge M|none]
 * [--min-agreement X] [--json]`: replays the agent's approved work against each model and prints
 * one table (or, with `--json`, the report as JSON). Progress goes to stderr. Nothing is stored.
 * @returns 0; 1 when a model's agreement is below `--min-agreement` (or none of its cases could
 *   be scored, or there is no case at all)
 * @throws CoworkerError `usage` for a bad flag (`main` exits 2), `agent_unknown`
 */
export async function evalCommand(
  config: Config,
  args: string[],
  io: EvalIo,
  model: ModelClient = createAnthropicModelClient(config),
): Promise<number> {
  const parsed = parseEvalArgs(args);
  const agent = new AgentRegistry(
    await loadSpecs(config.agentsDir, config.env, { models: knownModels(config.model, config.smallModel) }),
  ).get(parsed.name);
  if (!agent)
    throw new CoworkerError(
      'agent_unknown',
      `there is no valid agent called "${parsed.name}" in ${config.agentsDir} (coworker validate shows why).`,
    );
  const own = agent.spec.model ?? config.model;
  const models = parsed.models ?? [own];
  // The default judge is the agent's own model: the one its approved work came from.
  const judge = parsed.judge === 'none' ? null : (parsed.judge ?? own);
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    const report = await evaluateAgent(
      { db: database.db, model },
      {
        agent,
        models,
        limit: parsed.limit,
        judge,
        onProgress: (p) =>
          io.err(`eval: model ${p.modelIndex}/${p.models} (${p.model}), case ${p.caseIndex}/${p.cases}`),
      },
    );
    // No case replayed is no evidence: a gate asking for an agreement is not met by it.
    const missed =
      parsed.minAgreement === undefined
        ? []
        : report.models.filter(
            (m) => report.cases === 0 || m.agreement === null || m.agreement < (parsed.minAgreement ?? 0),
          );
    if (parsed.json) {
      io.out(
        JSON.stringify(
          { ...report, minAgreement: parsed.minAgreement ?? null, missed: missed.map((m) => m.model) },
          null,
          2,
        ),
      );
    } else if (report.cases === 0) {
      io.out(`${parsed.name} has no approved artifacts to replay yet.`);
      if (missed.length > 0)
        io.out(`With no case to replay, --min-agreement ${percent(parsed.minAgreement ?? 0)} is not met.`);
    } else {
      for (const line of evalTable(report)) io.out(line);
      for (const m of missed)
        io.out(
          `${m.model}: agreement ${m.agreement === null ? 'unknown (no case could be scored)' : percent(m.agreement)} is below --min-agreement ${percent(parsed.minAgreement ?? 0)}.`,
        );
    }
    return missed.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
}

/** @throws CoworkerError `usage`, saying what is wrong */
function parseEvalArgs(args: string[]): EvalArgs {
  const { values, positionals } = parseCliArgs(
    {
      args,
      allowPositionals: true,
      options: {
        models: { type: 'string' },
        model: { type: 'string' },
        limit: { type: 'string', default: '20' },
        judge: { type: 'string' },
        'min-agreement': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    },
    USAGE,
  );
  const usage = (message: string) => new CoworkerError('usage', message);
  const [name, ...extra] = positionals;
  if (!name) throw usage(`which agent? ${USAGE}`);
  if (extra.length > 0) throw usage(`one agent at a time (got ${positionals.join(', ')}). ${USAGE}`);
  if (values.models !== undefined && values.model !== undefined)
    throw usage('give --models a,b or --model M, not both.');
  const list = values.models ?? values.model;
  const models = list === undefined ? undefined : [...new Set(list.split(',').map((m) => m.trim()))];
  if (models?.some((m) => m === ''))
    throw usage('--models takes model ids separated by commas, e.g. --models claude-sonnet-4-6,claude-haiku-4-5.');
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw usage('--limit must be a whole number of cases, 1 or more.');
  const min = values['min-agreement'];
  const minAgreement = min === undefined ? undefined : Number(min);
  if (minAgreement !== undefined && !(min?.trim() !== '' && minAgreement >= 0 && minAgreement <= 1))
    throw usage('--min-agreement must be between 0 and 1, e.g. 0.8.');
  if (values.judge !== undefined && values.judge.trim() === '') throw usage('--judge takes a model id, or none.');
  return { name, models, limit, judge: values.judge?.trim(), minAgreement, json: values.json };
}
