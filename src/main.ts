import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Logger } from '@slack/logger';
import type { AppServices } from './app-services.js';
import { BackgroundWork } from './background-work.js';
import type { Config } from './config/config.js';
import { knownModels } from './config/models.js';
import { rememberAgentVersions, storedAgentVersions } from './db/agent-versions-repository.js';
import { storeFactVersions } from './db/facts-repository.js';
import { migrateToLatest } from './db/migrate.js';
import { type OpenDatabase, openConfiguredDatabase } from './db/open-database.js';
import { CoworkerError } from './errors.js';
import type { KnowledgeBase } from './knowledge/knowledge-base.js';
import { KnowledgeSource } from './knowledge/knowledge-source.js';
import { knownFactsOf, loadKnowledge } from './knowledge/load-knowledge.js';
import { createLogger, logLoopFailure } from './logger.js';
import { startMaintenance } from './maintenance.js';
import { PrometheusMetrics } from './metrics/prometheus-metrics.js';
import { meteredModelClient } from './model/metered-model-client.js';
import { createAnthropicModelClient, type ModelClient } from './model/model-client.js';
import { recoverUnfinishedRuns } from './orchestration/recover-runs.js';
import { reportInterruptedSteps } from './reviews/report-interrupted-steps.js';
import { ChannelDirectory } from './slack/channel-directory.js';
import { createSlackApp } from './slack/create-slack-app.js';
import { startHealthServer } from './slack/health-server.js';
import { keepConnectionsOpen } from './slack/keep-alive.js';
import { registerListeners } from './slack/register-listeners.js';
import { createSlackFileSource } from './slack/slack-file-source.js';
import { UserNames } from './slack/user-names.js';
import { UsergroupDirectory } from './slack/usergroup-directory.js';
import { type BotIdentity, verifyBotToken } from './slack/verify-bot-token.js';
import { createWebSlackPort } from './slack/web-slack-port.js';
import type { AgentRegistry } from './specs/agent-registry.js';
import { checkChannelRefs } from './specs/check-channel-refs.js';
import { databaseSpecYaml } from './specs/database-spec-yaml.js';
import { formatProblem } from './specs/load-specs.js';
import { redactSpec } from './specs/redact-spec.js';
import { SpecProblemLog } from './specs/spec-problem-log.js';
import { SpecSource } from './specs/spec-source.js';
import { scheduleWeeklyDigest } from './supervision/digest-schedule.js';
import { checkToolNames } from './tools/check-tool-names.js';
import { McpToolGateway } from './tools/mcp-tool-gateway.js';
import { meteredToolGateway } from './tools/metered-tool-gateway.js';
import type { ToolGateway } from './tools/tool-gateway.js';
import { Scheduler } from './triggers/scheduler.js';

/** How long shutdown waits, after Slack stopped reaching us, for follow-ups of the last clicks. */
const FOLLOW_UP_GRACE_MS = 3_000;

export interface RunningCoworker {
  /** The HTTP port actually listened on (PORT=0 picks a free one). */
  port: number;
  instanceId: string;
  /** Drains (up to COWORKER_DRAIN_MS), reports unfinished runs as interrupted, closes everything. */
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Replaces the Anthropic client (the CLI's eval, embedding); the default is the real SDK. */
  model?: ModelClient;
  /**
   * The database, already opening (`openConfiguredDatabase`): `coworker start` opens it before it
   * loads the app's code, so that the two overlap. Closed by the app's `stop`. Default: opened here.
   */
  database?: Promise<OpenDatabase>;
}

/**
 * Composition root: config -> database -> specs -> model client -> services -> Bolt.
 * Resolves once the app serves Slack and /healthz answers 200: after Slack accepted the bot token
 * (waiting, /healthz 503, while Slack cannot be reached).
 * @throws CoworkerError(`config_invalid`) when Slack refuses SLACK_BOT_TOKEN
 */
export async function startCoworker(config: Config, options: StartOptions = {}): Promise<RunningCoworker> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const instanceId = config.instanceId ?? `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  for (const warning of config.warnings) logger.warn(warning);
  const models = knownModels(config.model, config.smallModel);
  const opening = options.database ?? openConfiguredDatabase(config, logger);
  const migrated = opening.then(async (opened) => {
    await migrateToLatest(opened.db);
    return opened.db;
  });
  migrated.catch(() => undefined); // awaited below
  // Read while the database opens (the two wait on different things), with the YAML of files
  // seen in an earlier start looked up in the database once it is ready, not parsed again.
  let onSpecsReloaded: (registry: AgentRegistry) => Promise<void> = async () => {};
  // The facts' files are read first: the specs are checked against the ids they offer.
  const factsRead = loadKnowledge(config.knowledgeDir);
  let knowledge: KnowledgeSource | undefined;
  const specsLoaded = factsRead.then((read) =>
    SpecSource.load(config.agentsDir, config.env, (registry) => onSpecsReloaded(registry), {
      models,
      yamlStore: databaseSpecYaml(() => migrated),
      knownFacts: () => knowledge?.current().known() ?? knownFactsOf(read),
    }),
  );
  specsLoaded.catch(() => undefined); // awaited below, once the database is migrated
  // This app's own counts (GET /metrics): a registry per app, so a restart or a second app in the process starts at zero.
  const metrics = new PrometheusMetrics({ processMetrics: true });
  let opened: OpenDatabase | undefined;
  let ready = false;
  let draining = false;
  let slackReachable = true;
  let identity: BotIdentity | undefined;
  const health = async () => {
    if (draining) return { ok: false, status: 'draining' };
    if (!slackReachable) return { ok: false, status: 'Slack unreachable' };
    if (!ready || opened === undefined) return { ok: false, status: 'starting' };
    return (await opened.ping()) ? { ok: true, status: 'ok' } : { ok: false, status: 'database unavailable' };
  };
  const { app, client, checkClient } = createSlackApp(
    config,
    logger,
    { health, metrics, exposition: metrics },
    () => identity,
  );
  // Slack is asked whether it takes the bot token while the database opens (the two wait on
  // different things); the answer is awaited once the app listens.
  const tokenCheck = new AbortController();
  const botChecked = verifyBotToken(checkClient, {
    apiUrl: config.slack.apiUrl,
    retryMs: config.timing.startupRetryMs,
    logger,
    onUnreachable: () => (slackReachable = false),
    signal: tokenCheck.signal,
  });
  botChecked.catch(() => undefined); // awaited below
  // What to undo, newest first, if start-up fails half-way (servers listening, Bolt started).
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    const database = await opening;
    opened = database;
    await migrated;
    const specProblems = new SpecProblemLog(process.cwd());
    const factProblems = new SpecProblemLog(process.cwd());
    const logKnowledge = (base: KnowledgeBase, how: 'loaded' | 'reloaded') => {
      logger.info(`team knowledge ${how}: ${base.all().length} facts, ${base.invalid().length} invalid`);
      for (const entry of factProblems.changesOf({ 'fact problem': base.invalid() })) logger.warn(entry);
    };
    knowledge = await KnowledgeSource.fromLoaded(
      config.knowledgeDir,
      await factsRead,
      (facts) => storeFactVersions(database.db, facts),
      (base) => logKnowledge(base, 'reloaded'),
    );
    logKnowledge(knowledge.current(), 'loaded');
    const facts = knowledge;
    const specs = await specsLoaded;
    let scheduler: Scheduler | undefined;
    let channelProblems: string[] = [];
    let toolProblems: string[] = [];
    // One connection per agent and tool server for the whole process, closed last on shutdown.
    const tools: ToolGateway = meteredToolGateway(
      new McpToolGateway({ baseEnv: { PATH: config.env.PATH, HOME: config.env.HOME }, logger }),
      metrics,
    );
    cleanups.push(() => tools.close());
    const stopped = new AbortController();
    const channels = new ChannelDirectory(client, config.slack.channelCacheMs, (err) =>
      logger.warn('listing channels (conversations.list) failed; channel names may not resolve', err),
    );
    const work = new BackgroundWork((err) => logger.error('background work failed', err));
    const services: AppServices = {
      config,
      db: database.db,
      model: meteredModelClient(options.model ?? createAnthropicModelClient(config), metrics),
      defaultModel: config.model,
      instanceId,
      slack: createWebSlackPort(
        client,
        channels,
        new UsergroupDirectory(client, config.slack.channelCacheMs),
        new UserNames(client),
      ),
      agents: () => specs.current(),
      knowledge: () => facts.current(),
      // `start` requires the token, so it is set here; files attached to a run's message are downloaded with it.
      attachments: createSlackFileSource(config.slack.botToken ?? '', client),
      logger,
      work,
      webhook: config.webhook,
      databaseWaitMs: config.timing.databaseWaitMs,
      nextScheduledRun: (agent, index) => scheduler?.nextRun(agent, index) ?? null,
      channelProblems: () => channelProblems,
      toolProblems: () => toolProblems,
      tools,
      metrics,
      stopping: stopped.signal,
    };
    scheduler = new Scheduler(services);
    registerListeners(app, services);
    // Listening before the token check, so /healthz can say why the app is not ready yet.
    const healthServer = config.slack.socketMode ? await startHealthServer(config.port, health, metrics) : undefined;
    cleanups.push(async () => healthServer?.close());
    const started: unknown = config.slack.socketMode ? undefined : await app.start(config.port);
    if (started !== undefined) keepConnectionsOpen(started as Server);
    if (!config.slack.socketMode) cleanups.push(() => app.stop());
    const port = healthServer?.port ?? ((started as Server).address() as AddressInfo).port;
    const bot = await botChecked;
    slackReachable = true;

    // Before anything can start new runs (schedules, Slack) or this instance heartbeats, so only
    // dead runs are swept: with the embedded database every unfinished run and claimed apply step
    // (one process owns them); with PostgreSQL those of this instance id in an earlier life
    // (COWORKER_INSTANCE_ID).
    await recoverUnfinishedRuns(
      services,
      'Coworker restarted while this run was in progress. Press Retry to run it again.',
      database.kind === 'pglite' ? undefined : instanceId,
    );
    await reportInterruptedSteps(services, database.kind === 'pglite' ? 'all' : { instance: instanceId });

    const rememberedVersions = new Set<string>();
    /** Versions are insert-only by content hash: one this process stored needs no second write. */
    async function rememberVersions(registry: AgentRegistry): Promise<void> {
      const unseen = registry.all().filter((agent) => !rememberedVersions.has(agent.hash));
      // Asked first: a later start finds its versions stored, and skips redacting and sending them.
      const stored = await storedAgentVersions(
        database.db,
        unseen.map((agent) => agent.hash),
      );
      await rememberAgentVersions(
        database.db,
        unseen
          .filter((agent) => !stored.has(agent.hash))
          .map((agent) => ({
            hash: agent.hash,
            name: agent.spec.name,
            file: agent.file,
            spec: redactSpec(agent.spec),
          })),
      );
      for (const agent of unseen) rememberedVersions.add(agent.hash);
    }

    async function onSpecsChanged(registry: AgentRegistry, how: 'loaded' | 'reloaded'): Promise<void> {
      logger.info(
        `agents ${how}: ${registry.all().length} valid (${
          registry
            .all()
            .map((a) => a.spec.name)
            .join(', ') || 'none'
        }), ${registry.invalid().length} invalid`,
      );
      // Only files whose problems changed: an invalid file is not logged again on every reload.
      for (const entry of specProblems.changes(registry)) logger.warn(entry);
      scheduler?.sync(registry);
      // Stored while the app serves at start-up (runs name their version by hash; the row follows
      // within moments), waited for on a reload, so that a failure is tried again by the next one.
      const remembering = rememberVersions(registry);
      if (how === 'reloaded') await remembering;
      else
        void remembering.catch((err: unknown) =>
          logger.warn("could not store the agents' spec versions; the next changed spec or start stores them", err),
        );
      // Checked in the background: an unknown channel name is reported, it never delays start-up.
      void checkChannelRefs(registry.all(), (ref) => services.slack.resolveChannel(ref)).then(
        (problems) => {
          channelProblems = problems.map((p) => formatProblem(p.file, p.problem, process.cwd()));
          for (const problem of channelProblems) logger.warn(`spec problem: ${problem}`);
        },
        (err: unknown) => logger.warn('could not check the channels named in specs', err),
      );
      // Likewise the tool names of `read` / `write`: known only once the servers answer.
      void Promise.resolve(tools.retain?.(registry.all()))
        .then(() => checkToolNames(registry.all(), tools))
        .then(
          (problems) => {
            const lines = problems.map((p) => formatProblem(p.file, p.problem, process.cwd()));
            for (const line of lines.filter((l) => !toolProblems.includes(l))) logger.warn(`spec problem: ${line}`);
            toolProblems = lines;
          },
          (err: unknown) => logger.warn('could not check the tools named in specs', err),
        );
    }
    await onSpecsChanged(specs.current(), 'loaded');
    onSpecsReloaded = (registry) => onSpecsChanged(registry, 'reloaded');

    if (config.slack.socketMode) {
      await app.start(config.port);
      cleanups.push(() => app.stop());
    }
    // Only now are Slack's requests processed: nothing new starts before dead runs were swept.
    identity = bot;
    specs.start(config.timing.reloadMs, logLoopFailure(logger, 'reloading agent specs'));
    facts.start(config.timing.reloadMs, logLoopFailure(logger, 'reloading team knowledge'));
    const stopMaintenance = await startMaintenance(services);
    const { channel: ownersChannel, timezone, cron } = config.digest;
    const stopDigest = ownersChannel
      ? scheduleWeeklyDigest(services, { channel: ownersChannel, timezone, cron })
      : () => {};
    if (!config.anthropic.apiKey && !config.anthropic.authToken)
      logger.warn('ANTHROPIC_API_KEY is not set: every run will fail until it is.');
    ready = true;
    logger.info(
      `Coworker ${instanceId} is up (${config.slack.socketMode ? 'Socket Mode' : `HTTP on port ${port}`}, ${database.kind} database)`,
    );

    let stopping: Promise<void> | undefined;
    return {
      port,
      instanceId,
      stop: () =>
        (stopping ??= (async () => {
          draining = true;
          specs.stop();
          facts.stop();
          scheduler.stop();
          stopDigest();
          const finished = await work.drain(config.timing.drainMs);
          if (!finished)
            await recoverUnfinishedRuns(
              services,
              'Coworker was restarted before this run could finish. Press Retry to run it again.',
              instanceId,
            );
          await stopMaintenance();
          await app.stop().catch((err: unknown) => logger.warn('stopping Bolt failed', err));
          // Follow-ups of clicks answered while draining (they must not be dropped) finish before the database closes.
          await work.drain(FOLLOW_UP_GRACE_MS);
          // What is still in flight now is cut off: an approved call stays claimed, reported as interrupted on the next start.
          stopped.abort();
          await tools.close().catch((err: unknown) => logger.warn('stopping the tool servers failed', err));
          await healthServer?.close();
          await database.close();
          logger.info(`Coworker ${instanceId} stopped`);
        })()),
    };
  } catch (err) {
    tokenCheck.abort();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    await opened?.close().catch(() => undefined);
    throw err instanceof CoworkerError
      ? err
      : new CoworkerError('internal', `Coworker could not start: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
  }
}
