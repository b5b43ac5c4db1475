import { type Config, configOfProcess } from '../config/config.js';
import { knownModels } from '../config/models.js';
import { CoworkerError } from '../errors.js';
import { createLogger } from '../logger.js';

const USAGE = `Usage: coworker <command>

  start                      run the Slack app (HTTP mode, or Socket Mode with SLACK_APP_TOKEN)
  validate                   check every agent spec in AGENTS_DIR and fact in KNOWLEDGE_DIR; exits 1 on any problem
  try <agent> "<input>"      run one agent without Slack and print its artifact (--json for content and blocks,
                             --file <path> to attach a local file as if shared with the message)
  eval <agent> [--models a,b] [--limit N] [--judge M|none] [--min-agreement X] [--json]
                             replay the agent's approved work, with the context each run had, against
                             each model: agreement, cases passed, rule violations, cost, latency
  tools <agent>              connect to the agent's MCP servers and list each tool: read, write or not allowed
  runs [--agent A] [--since 7d] [--limit 50] [--json]
                             the audit trail, newest first: trigger and who, spec version, model, tokens, cost,
                             tool calls, outcome, decision and who decided (--since 48h, 30d or a date)
  migrate                    bring the database schema up to date
  prepare                    make the template new embedded databases are copied from (run by npm install)
  help                       this text

Configuration comes from the environment and .env (see README.md).`;

/**
 * The CLI: a second adapter over the same services as the Slack app. Commands are imported
 * lazily so `validate` does not pay for loading Bolt, the SDK and the database.
 * @returns the exit code: 2 when the command was used wrongly (`usage`), 1 for other failures
 */
export async function main(argv: string[]): Promise<number> {
  const [command = 'help', ...args] = argv;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    switch (command) {
      case 'start':
        return await start(configOfProcess(['slack']));
      case 'validate': {
        const c = configOfProcess([]);
        const { validateAgents } = await import('./validate.js');
        const models = knownModels(c.model, c.smallModel);
        return await validateAgents({
          agentsDir: c.agentsDir,
          knowledgeDir: c.knowledgeDir,
          env: c.env,
          cwd: process.cwd(),
          write: out,
          models,
        });
      }
      case 'try': {
        const { tryAgent } = await import('./try-agent.js');
        return await tryAgent(configOfProcess(['model']), args, out);
      }
      case 'eval': {
        const { evalCommand } = await import('./eval-agent.js');
        return await evalCommand(configOfProcess(['model']), args, {
          out,
          err: (line) => process.stderr.write(`${line}\n`),
        });
      }
      case 'tools': {
        const { toolsCommand } = await import('./tools-command.js');
        return await toolsCommand(configOfProcess([]), args, out);
      }
      case 'runs': {
        const { runsCommand } = await import('./runs-command.js');
        return await runsCommand(configOfProcess([]), args, out);
      }
      case 'migrate': {
        const { migrateCommand } = await import('./migrate-command.js');
        return await migrateCommand(configOfProcess([]), out);
      }
      case 'prepare': {
        const { prepareCommand } = await import('./prepare-command.js');
        return await prepareCommand(args, out);
      }
      case 'help':
      case '--help':
      case '-h':
        out(USAGE);
        return 0;
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (err) {
    if (err instanceof CoworkerError && err.category === 'user') {
      process.stderr.write(`coworker ${command}: ${err.message}\n`);
      // A command used wrongly (a bad flag, a missing argument) exits 2, as an unknown command does.
      return err.code === 'usage' ? 2 : 1;
    }
    process.stderr.write(
      `coworker ${command} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    return 1;
  }
}

/** Runs until SIGTERM/SIGINT, then drains and exits (within COWORKER_DRAIN_MS + 5 s). */
async function start(c: Config): Promise<number> {
  const logger = createLogger(c.logLevel);
  // The database opens (the embedded one on a thread of its own) while the app's code loads.
  const { openConfiguredDatabase } = await import('../db/open-database.js');
  const database = openConfiguredDatabase(c, logger);
  database.catch(() => undefined); // awaited, and reported, by startCoworker
  const { startCoworker } = await import('../main.js');
  const app = await startCoworker(c, { logger, database });
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      process.stdout.write(`${signal} received: finishing runs in flight, then stopping\n`);
      const hardStop = setTimeout(() => resolve(1), c.timing.drainMs + 5_000);
      hardStop.unref();
      app.stop().then(
        () => resolve(0),
        (err: unknown) => {
          process.stderr.write(`stopping failed: ${String(err)}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  }).then((code) => {
    // Bolt and pg keep handles open; after an orderly stop, leaving is the point.
    setImmediate(() => process.exit(code));
    return code;
  });
}
