import type { FakeSlackCore } from './core.js';
import { send } from './core.js';
import { parseParams } from './params.js';
import type { FakeSlackReply } from './replies.js';
import { slackError } from './replies.js';
import type { SlackCall } from './types.js';

/**
 * Serves `POST /api/<method>`: parses the parameters, records the call, answers with the newest
 * override that answers or else the method's default behaviour, and emits `call` once answered.
 */
export function registerApiRoute(core: FakeSlackCore): void {
  const { recorder } = core;
  core.route('/api/', async (req, res, url, raw) => {
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    let params: Record<string, unknown>;
    try {
      params = await parseParams(req, raw, url);
    } catch (error) {
      send(res, 200, slackError('invalid_form_data', { detail: String(error) }));
      return;
    }
    const call: SlackCall = {
      method,
      params,
      at: Date.now(),
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
    };
    recorder.calls.push(call);
    const nth = recorder.countCall(method);
    let reply: FakeSlackReply;
    try {
      const fallback = () => core.answer(method, params);
      reply = (await recorder.override(method, params, { call, nth, fallback })) ?? { body: fallback() };
    } catch (error) {
      reply = { status: 500, body: slackError('fake_slack_internal_error', { detail: String(error) }) };
    }
    call.response = reply.body;
    call.status = reply.status ?? 200;
    send(res, call.status, reply.body, reply.headers);
    recorder.events.emit('call', call);
  });
}
