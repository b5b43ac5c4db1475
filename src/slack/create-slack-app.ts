import type { ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Logger } from '@slack/logger';
import type { Config } from '../config/config.js';

/** Answers GET /healthz: 200 when ready and the database answers, 503 otherwise (e.g. draining). */
export type HealthCheck = () => Promise<{ ok: boolean; status: string }>;

/**
 * The Bolt app: Socket Mode when an app-level token is configured, HTTP mode otherwise
 * (`POST /slack/events` for commands, events and interactivity). `/healthz` is served in both.
 * Bolt verifies every HTTP request's signature (401 otherwise).
 */
export function createSlackApp(config: Config, logger: Logger, health: HealthCheck): App {
  const clientOptions = {
    ...(config.slack.apiUrl ? { slackApiUrl: withTrailingSlash(config.slack.apiUrl) } : {}),
    // Rate limits (honouring retry-after) and 5xx are retried by the client, but boundedly: the
    // default policy can wait half an hour, longer than any run or shutdown should hang.
    retryConfig: { retries: config.slack.retries, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
  };
  const customRoutes = [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: unknown, res: ServerResponse) => {
        void health().then(
          (result) => respondJson(res, result.ok ? 200 : 503, { status: result.status }),
          () => respondJson(res, 503, { status: 'error' }),
        );
      },
    },
  ];
  // Bolt resets the given logger's level to `logLevel`, so the configured level is passed here.
  const common = { token: config.slack.botToken, logger, logLevel: config.logLevel as LogLevel, clientOptions, customRoutes, port: config.port };
  return config.slack.socketMode
    ? // Socket Mode still serves /healthz over HTTP, on the receiver's own port option.
      new App({ ...common, socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.port } })
    : new App({ ...common, signingSecret: config.slack.signingSecret ?? '' });
}

function respondJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
