import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@slack/logger';
import { ErrorCode, type WebClient } from '@slack/web-api';
import { CoworkerError } from '../errors.js';

/** Who the bot token belongs to, as Slack's `auth.test` says. */
export interface BotIdentity {
  botUserId: string;
  botId: string;
  teamId: string | undefined;
}

export interface VerifyBotTokenOptions {
  /** Where the client sends requests, for the "cannot reach" line (Slack's own when unset). */
  apiUrl: string | undefined;
  /** First wait before asking again when Slack cannot be reached; doubles up to 30 s. */
  retryMs: number;
  logger: Logger;
  /** Called once, when Slack first cannot be reached. */
  onUnreachable?: () => void;
  /** Stops asking again (start-up failed for another reason): rejects with its reason. */
  signal?: AbortSignal;
}

/** Platform errors that say Slack is busy, not that the token is wrong: worth asking again. */
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);
const MAX_RETRY_MS = 30_000;

/**
 * Asks Slack (`auth.test`) whether it accepts the bot token, before the app calls itself up.
 * A token Slack refuses (`invalid_auth`, `token_revoked`, …) cannot get better by waiting: it
 * throws at once. A Slack that cannot be reached (network, 5xx, rate limit) is logged once and
 * asked again, with a growing pause, until it answers. `client` should not retry on its own, so
 * the first failure is seen at once.
 * @throws CoworkerError(`config_invalid`) naming SLACK_BOT_TOKEN and where the right one is
 */
export async function verifyBotToken(client: WebClient, options: VerifyBotTokenOptions): Promise<BotIdentity> {
  let waitMs = options.retryMs;
  let reported = false;
  for (;;) {
    options.signal?.throwIfAborted();
    try {
      const result = await client.auth.test();
      if (!result.user_id || !result.bot_id) throw refused('not a bot token');
      if (reported) options.logger.info('Slack answers again: the bot token is accepted');
      return { botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id };
    } catch (err) {
      if (err instanceof CoworkerError) throw err;
      const platformError = platformErrorOf(err);
      if (platformError !== undefined && !TRANSIENT_ERRORS.has(platformError)) throw refused(platformError);
      if (!reported) {
        options.logger.warn(
          `Slack cannot be reached at ${options.apiUrl ?? 'https://slack.com/api/'} (${describeFailure(err)}): ` +
            'asking again until it answers; /healthz says 503 meanwhile.',
        );
        reported = true;
        options.onUnreachable?.();
      }
    }
    await sleep(waitMs, undefined, { signal: options.signal });
    waitMs = Math.min(waitMs * 2, MAX_RETRY_MS);
  }
}

function refused(reason: string): CoworkerError {
  return new CoworkerError(
    'config_invalid',
    `SLACK_BOT_TOKEN was refused by Slack (${reason}). Set it to the Bot User OAuth Token (xoxb-…) shown under ` +
      'OAuth & Permissions of your app at https://api.slack.com/apps (reinstall the app to the workspace if it was revoked).',
    { details: { variable: 'SLACK_BOT_TOKEN', slackError: reason } },
  );
}

function platformErrorOf(err: unknown): string | undefined {
  if (!isCoded(err) || err.code !== ErrorCode.PlatformError) return undefined;
  const data = (err as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : 'unknown_error';
}

function describeFailure(err: unknown): string {
  if (isCoded(err) && err.code === ErrorCode.HTTPError)
    return `HTTP ${String((err as { statusCode?: unknown }).statusCode)}`;
  if (isCoded(err) && err.code === ErrorCode.RateLimitedError) return 'rate limited';
  if (isCoded(err) && err.code === ErrorCode.RequestError) {
    const original = (err as { original?: unknown }).original;
    return original instanceof Error ? causeOf(original) : 'request failed';
  }
  const platformError = platformErrorOf(err);
  if (platformError !== undefined) return platformError;
  return err instanceof Error ? err.message : String(err);
}

/** fetch hides the useful part ("ECONNREFUSED") in `cause`. */
function causeOf(error: Error): string {
  const cause: unknown = error.cause;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return error.message;
}

function isCoded(err: unknown): err is { code: unknown } {
  return typeof err === 'object' && err !== null && 'code' in err;
}
