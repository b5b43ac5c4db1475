import { createHmac, randomUUID } from 'node:crypto';

/** Default ids used in generated payloads. */
export const SLACK_DEFAULTS = {
  teamId: 'T1',
  teamDomain: 'team',
  apiAppId: 'A1',
  botUserId: 'UBOT',
  /** Legacy verification token Slack still includes in payloads (Bolt ignores it). */
  token: 'verification-token',
} as const;

/** The two signature headers Slack sends. */
export interface SlackSignatureHeaders {
  /** Unix seconds as a string. */
  'x-slack-request-timestamp': string;
  /** `v0=<hex HMAC-SHA256(secret, "v0:<ts>:<body>")>`. */
  'x-slack-signature': string;
}

/** The app's HTTP answer. */
export interface SlackHttpResponse {
  /** HTTP status. */
  status: number;
  /** Raw body text. */
  body: string;
  /** Parsed body when it is JSON. */
  json?: unknown;
  /** Response headers (lower-case names). */
  headers: Record<string, string>;
}

/** Options shared by every sender. */
export interface SendOptions {
  /** Request timestamp in unix seconds (e.g. stale ones to test rejection). Default now. */
  timestamp?: number;
  /** Sign with this secret instead (to test bad signatures). */
  signWith?: string;
  /** Extra headers. */
  headers?: Record<string, string>;
  /** Path on the app; default `/slack/events`. */
  path?: string;
  /** Abort after this many ms. Default 10000. */
  timeoutMs?: number;
}

/** Computes Slack's request signature headers for `rawBody`. */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  ts: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
}

/**
 * POSTs `rawBody` signed with `secret` to `${appUrl}${options.path ?? '/slack/events'}`.
 * `appUrl` is the app's origin, e.g. `http://127.0.0.1:3000` (a trailing slash is fine).
 */
export async function sendSignedRequest(
  appUrl: string,
  secret: string,
  rawBody: string,
  contentType: string,
  options: SendOptions = {},
): Promise<SlackHttpResponse> {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(options.signWith ?? secret, rawBody, options.timestamp),
    ...options.headers,
  };
  const url = `${appUrl.replace(/\/+$/, '')}${options.path ?? '/slack/events'}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: rawBody,
    redirect: 'manual',
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
  });
  const body = await response.text();
  const result: SlackHttpResponse = {
    status: response.status,
    body,
    headers: Object.fromEntries(response.headers.entries()),
  };
  if (body.length > 0) {
    try {
      result.json = JSON.parse(body) as unknown;
    } catch {
      // not JSON
    }
  }
  return result;
}

/** A form-urlencoded body of the fields that are set. */
export function formBody(fields: Record<string, string | undefined>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.set(key, value);
  return form.toString();
}

let tsCounter = 0;

/** A fresh, increasing Slack-style ts for user messages in events (e.g. `1764000000.000001`). */
export function slackTs(): string {
  tsCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${String(tsCounter % 1_000_000).padStart(6, '0')}`;
}

/** A fresh trigger id as Slack makes them. */
export function triggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomUUID().replace(/-/g, '').slice(0, 32)}`;
}
