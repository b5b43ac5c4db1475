/**
 * The Bolt app a team would start from, configured from the environment like `npm start`:
 * HTTP receiver on PORT, the bot token and signing secret, an optional Web API base URL, and
 * `GET /healthz` so the bench can see when it listens (the same probe it uses on Coworker).
 */
import { App, LogLevel } from '@slack/bolt';

export function boltAppFromEnv(): { app: App; port: number } {
  const env = process.env;
  const app = new App({
    token: required('SLACK_BOT_TOKEN'),
    signingSecret: required('SLACK_SIGNING_SECRET'),
    logLevel: LogLevel.WARN,
    clientOptions: env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {},
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('ok');
        },
      },
    ],
  });
  return { app, port: Number(env.PORT ?? 3000) };
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}
