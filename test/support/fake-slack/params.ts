import type { IncomingMessage } from 'node:http';
import { isRecord } from '../http-util.js';

/** Form/JSON fields that Slack clients send as JSON strings; the fake parses them into objects. */
export const SLACK_JSON_FIELDS: readonly string[] = [
  'blocks',
  'attachments',
  'view',
  'files',
  'metadata',
  'unfurls',
  'user_auth_blocks',
  'chunks',
];

/**
 * A Web API call's parameters, from the query string and the body as `@slack/web-api` sends it
 * (form-urlencoded, JSON or multipart), with the {@link SLACK_JSON_FIELDS} parsed into objects.
 */
export async function parseParams(req: IncomingMessage, raw: Buffer, url: URL): Promise<Record<string, unknown>> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of url.searchParams) params[key] = value;
  if (raw.length > 0) Object.assign(params, await parseBody(req, raw));
  for (const field of SLACK_JSON_FIELDS) {
    const value = params[field];
    if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
      try {
        params[field] = JSON.parse(value) as unknown;
      } catch {
        // leave as sent; the handler reports it
      }
    }
  }
  return params;
}

async function parseBody(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return isRecord(parsed) ? parsed : {};
  }
  const params: Record<string, unknown> = {};
  if (contentType.includes('multipart/form-data')) {
    for (const [key, value] of (await multipartForm(req, raw)).entries()) {
      params[key] =
        typeof value === 'string'
          ? value
          : { filename: value.name, type: value.type, content: Buffer.from(await value.arrayBuffer()) };
    }
    return params;
  }
  const form = new URLSearchParams(raw.toString('utf8'));
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    params[key] = all.length === 1 ? all[0] : all;
  }
  return params;
}

/** A multipart body's fields, read by the platform's own parser. */
export function multipartForm(req: IncomingMessage, raw: Buffer): Promise<FormData> {
  return new Request('http://127.0.0.1/', {
    method: 'POST',
    headers: { 'content-type': req.headers['content-type'] ?? '' },
    body: new Uint8Array(raw),
  }).formData();
}

/** A parameter as a string (numbers and booleans as sent in a form); undefined otherwise. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A boolean parameter as forms and JSON send it. */
export function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** A positive integer parameter, or `fallback`. */
export function int(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}
