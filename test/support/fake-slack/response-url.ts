import { isRecord } from '../http-util.js';
import type { FakeSlackCore } from './core.js';
import { send } from './core.js';
import type { ResponseUrlPost, SlackCall } from './types.js';

/** Pseudo-method name: `slack.on(RESPONSE_URL_METHOD, handler)` overrides response_url replies. */
export const RESPONSE_URL_METHOD = 'response_url';

/**
 * Serves the `response_url`s of slash commands and actions (`/response/<id>`): records each
 * JSON (or form) body in `responses`, answers `{ ok: true }` unless an override of
 * {@link RESPONSE_URL_METHOD} answers, and emits `response`.
 */
export function registerResponseUrls(core: FakeSlackCore): void {
  const { recorder, state } = core;
  core.route('/response/', async (req, res, url, raw) => {
    const id = decodeURIComponent(url.pathname.slice('/response/'.length));
    const body = parseResponseBody(raw);
    const post: ResponseUrlPost = { id, body, at: Date.now() };
    state.responses.push(post);
    const call: SlackCall = {
      method: RESPONSE_URL_METHOD,
      params: body,
      at: post.at,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    };
    const nth = recorder.countCall(RESPONSE_URL_METHOD);
    const reply = (await recorder.override(RESPONSE_URL_METHOD, body, {
      call,
      nth,
      fallback: () => ({ ok: true }),
    })) ?? {
      body: { ok: true },
    };
    send(res, reply.status ?? 200, reply.body, reply.headers);
    recorder.events.emit('response', post);
  });
}

function parseResponseBody(raw: Buffer): Record<string, unknown> {
  try {
    const parsed: unknown = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
    return isRecord(parsed) ? parsed : { value: parsed };
  } catch {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
}
