import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { knownModels } from '../config/models.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/open-database.js';
import { CoworkerError } from '../errors.js';
import { createAnthropicModelClient, type ModelClient } from '../model/model-client.js';
import { AgentRegistry } from '../specs/agent-registry.js';
import { loadSpecs } from '../specs/load-specs.js';
import { evaluateAgent } from '../supervision/evaluate-agent.js';
import { createCliToolGateway } from './cli-tool-gateway.js';

/**
 * `coworker eval <agent> [--model M] [--limit N] [--min-agreement X]`: replays the agent's
 * approved work against a model and prints agreement and cost. @returns 0, or 1 when
 * `--min-agreement` (0..1) was missed
 */
export async function evalCommand(
  config: Config,
  args: string[],
  write: (line: string) => void,
  model: ModelClient = createAnthropicModelClient(config),
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      limit: { type: 'string', default: '20' },
      'min-agreement': { type: 'string' },
    },
  });
  const name = positionals[0];
  if (!name)
    throw new CoworkerError(
      'usage',
      'which agent? Usage: coworker eval <agent> [--model M] [--limit N] [--min-agreement 0.8]',
    );
  const limit = Number(values.limit);
  const minAgreement = values['min-agreement'] === undefined ? undefined : Number(values['min-agreement']);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CoworkerError('usage', '--limit must be a whole number of cases, 1 or more.');
  if (minAgreement !== undefined && !(minAgreement >= 0 && minAgreement <= 1))
    throw new CoworkerError('usage', '--min-agreement must be between 0 and 1, e.g. 0.8.');

  const agent = new AgentRegistry(
    await loadSpecs(config.agentsDir, config.env, { models: knownModels(config.model, config.smallModel) }),
  ).get(name);
  if (!agent)
    throw new CoworkerError(
      'agent_unknown',
      `there is no valid agent called "${name}" in ${config.agentsDir} (coworker validate shows why).`,
    );
  const database = await openDatabase(config);
  const tools = createCliToolGateway(config);
  try {
    await migrateToLatest(database.db);
    const modelId = values.model ?? agent.spec.model ?? config.model;
    const report = await evaluateAgent({ db: database.db, model, tools }, { agent, model: modelId, limit });
    if (report.cases.length === 0) {
      write(`${name} has no approved artifacts or edit corrections to replay yet.`);
      return 0;
    }
    write(`Evaluating ${name} on ${modelId}: ${report.cases.length} cases`);
    for (const c of report.cases)
      write(`  ${percent(c.agreement).padStart(5)}  ${c.label}${c.error ? `  (failed: ${c.error})` : ''}`);
    write(`Agreement: ${percent(report.agreement)}`);
    write(`Cost: ${money(report.costUsd)} now, ${money(report.originalCostUsd)} for the original runs`);
    if (minAgreement !== undefined && report.agreement < minAgreement) {
      write(`Agreement ${percent(report.agreement)} is below --min-agreement ${percent(minAgreement)}.`);
      return 1;
    }
    return 0;
  } finally {
    await tools.close();
    await database.close();
  }
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function money(x: number | null): string {
  return x === null ? 'unknown (no price configured for a model)' : `$${x.toFixed(4)}`;
}
