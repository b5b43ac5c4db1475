import { App, type Authorize, HTTPReceiver, type LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Config } from '../config/config.js';
import type { Metrics, MetricsExposition } from '../metrics/metrics.js';
import { metricsHandler } from '../metrics/metrics-handler.js';
import { type HealthCheck, healthHandler } from './health-server.js';
import { refuseFutureRequests } from './refuse-future-requests.js';
import { timeAcks } from './time-acks.js';
import type { BotIdentity } from './verify-bot-token.js';

export interface SlackApp {
  app: App;
  /** The Web API client the services use, holding the bot token. */
  client: WebClient;
  /** A client that never retries by itself: for the start-up token check, which paces its own retries. */
  checkClient: WebClient;
}

/** What the app serves and records besides Slack's requests. */
export interface Observability {
  health: HealthCheck;
  /** Where each ack's latency is recorded. */
  metrics: Metrics;
  /** What `GET /metrics` answers. */
  exposition: MetricsExposition;
}

/**
 * The Bolt app: Socket Mode when an app-level token is configured, HTTP mode otherwise
 * (`POST /slack/events` for commands, events and interactivity, `GET /healthz` and
 * `GET /metrics`). Bolt verifies every HTTP request's signature and refuses stale ones (401);
 * timestamps more than 5 minutes ahead are refused in front of it. In Socket Mode the caller
 * serves /healthz and /metrics itself (`startHealthServer`): Bolt's own server there is not
 * awaited at start. In both modes the time to each ack is recorded (`timeAcks`).
 *
 * Bolt is not given the token: it would call `auth.test` from its constructor and crash the
 * process on a rejection nobody can catch. The caller checks the token (`verifyBotToken`) and
 * hands the identity over through `identity()`; until then incoming requests are not processed.
 */
export function createSlackApp(
  config: Config,
  logger: Logger,
  observability: Observability,
  identity: () => BotIdentity | undefined,
): SlackApp {
  const clientOptions: WebClientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: withTrailingSlash(config.slack.apiUrl) } : {}),
    // Rate limits (honouring retry-after) and 5xx are retried by the client, but boundedly: the
    // default policy can wait half an hour, longer than any run or shutdown should hang.
    retryConfig: { retries: config.slack.retries, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
  };
  const botToken = config.slack.botToken ?? '';
  const authorize: Authorize<boolean> = async () => {
    const bot = identity();
    if (bot === undefined) throw new Error('Coworker has not reached Slack yet');
    return { botToken, botId: bot.botId, botUserId: bot.botUserId, ...(bot.teamId ? { teamId: bot.teamId } : {}) };
  };
  // Bolt resets the given logger's level to `logLevel`, so the configured level is passed here.
  // No conversation store: the app keeps no per-conversation state in Bolt's context, and its
  // middleware (on by default) costs every request a lookup.
  const common = {
    authorize,
    logger,
    logLevel: config.logLevel as LogLevel,
    clientOptions,
    convoStore: false as const,
  };
  const clients = {
    client: new WebClient(botToken, { ...clientOptions, logger }),
    checkClient: new WebClient(botToken, { ...clientOptions, logger, retryConfig: { retries: 0 } }),
  };
  if (config.slack.socketMode) {
    const app = new App({ ...common, socketMode: true, appToken: config.slack.appToken });
    timeAcks(app, observability.metrics);
    return { app, ...clients };
  }
  // The receiver Bolt would build itself, with one check in front: future timestamps (401).
  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret ?? '',
    port: config.port,
    customRoutes: [
      { path: '/healthz', method: ['GET'], handler: healthHandler(observability.health) },
      { path: '/metrics', method: ['GET'], handler: metricsHandler(observability.exposition) },
    ],
    logger,
    logLevel: config.logLevel as LogLevel,
  });
  receiver.requestListener = refuseFutureRequests(receiver.requestListener);
  const app = new App({ ...common, receiver });
  timeAcks(app, observability.metrics);
  return { app, ...clients };
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
