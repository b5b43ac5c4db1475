import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { Config } from '../config/config.js';
import { healthHandler, type HealthCheck } from './health-server.js';
import { refuseFutureRequests } from './refuse-future-requests.js';

/**
 * The Bolt app: Socket Mode when an app-level token is configured, HTTP mode otherwise
 * (`POST /slack/events` for commands, events and interactivity, and `GET /healthz`). Bolt
 * verifies every HTTP request's signature and refuses stale ones (401); timestamps more than 5
 * minutes ahead are refused in front of it. In Socket Mode the caller serves
 * /healthz itself (`startHealthServer`): Bolt's own server there is not awaited at start.
 */
export function createSlackApp(config: Config, logger: Logger, health: HealthCheck): App {
  const clientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: withTrailingSlash(config.slack.apiUrl) } : {}),
    // Rate limits (honouring retry-after) and 5xx are retried by the client, but boundedly: the
    // default policy can wait half an hour, longer than any run or shutdown should hang.
    retryConfig: { retries: config.slack.retries, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
  };
  // Bolt resets the given logger's level to `logLevel`, so the configured level is passed here.
  const common = { token: config.slack.botToken, logger, logLevel: config.logLevel as LogLevel, clientOptions };
  if (config.slack.socketMode) return new App({ ...common, socketMode: true, appToken: config.slack.appToken });
  // The receiver Bolt would build itself, with one check in front: future timestamps (401).
  const receiver = new HTTPReceiver({
    signingSecret: config.slack.signingSecret ?? '',
    port: config.port,
    customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(health) }],
    logger,
    logLevel: config.logLevel as LogLevel,
  });
  receiver.requestListener = refuseFutureRequests(receiver.requestListener);
  return new App({ ...common, receiver });
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
