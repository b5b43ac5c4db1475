import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { flattenHeaders, isRecord, listenLocal, preview, readBody, sleep, waitUntil } from '../http-util.js';
import { Responders } from './responders.js';
import type { FakeAnthropic, FakeModelReply, ModelRequestBody, RecordedModelRequest } from './types.js';
import { completeMessage, estimateTokens, writeSse } from './wire.js';

/** Starts the fake Anthropic API on 127.0.0.1. */
export async function startFakeAnthropic(options: { port?: number } = {}): Promise<FakeAnthropic> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const requests: RecordedModelRequest[] = [];
  let counter = 0;
  let idCounter = 0;
  const nextId = (): number => {
    idCounter += 1;
    return idCounter;
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${counter}`, ...headers });
    res.end(JSON.stringify(body));
  };

  /** The recorded Messages request, or undefined when the fake already answered (bad route, bad JSON, count_tokens). */
  const readRequest = async (req: IncomingMessage, res: ServerResponse): Promise<RecordedModelRequest | undefined> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    const headers = flattenHeaders(req);
    if (req.method !== 'POST' || (url.pathname !== '/v1/messages' && url.pathname !== '/v1/messages/count_tokens')) {
      sendJson(res, 404, {
        type: 'error',
        error: { type: 'not_found_error', message: `fake anthropic: no route ${req.method ?? ''} ${url.pathname}` },
      });
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'body is not JSON' } });
      return undefined;
    }
    const body: ModelRequestBody = isRecord(parsed) ? (parsed as ModelRequestBody) : {};
    if (url.pathname === '/v1/messages/count_tokens') {
      const input_tokens = estimateTokens({ messages: body.messages, system: body.system, tools: body.tools });
      sendJson(res, 200, { input_tokens });
      return undefined;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
    counter += 1;
    const apiKey = headers['x-api-key'] ?? bearer;
    return { n: counter, path: url.pathname, body, headers, apiKey, at: Date.now(), aborted: false };
  };

  /** Answers a recorded request with its reply, after the reply's delay unless the client gave up first. */
  const answer = async (request: RecordedModelRequest, res: ServerResponse): Promise<void> => {
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) {
        request.aborted = true;
        abort.abort();
      }
    });
    let reply: FakeModelReply;
    try {
      reply = await responders.resolve(request);
    } catch (error) {
      reply = responders.configError(
        `FakeAnthropic: responder for request #${request.n} threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (reply.delayMs !== undefined && reply.delayMs > 0) {
      const completed = await sleep(reply.delayMs, abort.signal);
      if (!completed) return;
    }
    if (abort.signal.aborted) return;
    const status = reply.status ?? 200;
    request.status = status;
    if (reply.body !== undefined || reply.message === undefined) {
      sendJson(res, status, reply.body ?? {}, reply.headers);
    } else {
      const message = completeMessage(request, reply.message, nextId);
      if (request.body.stream === true && status === 200) writeSse(res, message, reply.headers ?? {});
      else sendJson(res, status, message, reply.headers);
    }
    events.emit('answered', request);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request = await readRequest(req, res);
    if (request === undefined) return;
    requests.push(request);
    events.emit('request', request);
    await answer(request, res);
  };

  const listening = await listenLocal((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(error) } });
      else res.end();
    });
  }, options.port ?? 0);

  const fake: FakeAnthropic = {
    url: listening.origin,
    requests,
    errors: [],
    toolInput: undefined,
    textReply: undefined,
    waitForRequests: (n, timeoutMs = 5000) =>
      waitUntil(
        events,
        'request',
        () => (requests.length >= n ? [...requests] : undefined),
        timeoutMs,
        () =>
          `FakeAnthropic.waitForRequests(${n}) timed out after ${timeoutMs}ms; ${requests.length} request(s): ${requests
            .map((r) => `#${r.n} ${r.body.model ?? '?'} tool_choice=${preview(r.body.tool_choice, 60)}`)
            .join('; ')}`,
      ),
    respondWith: (responder) => {
      responders.persistent = responder;
    },
    enqueue: (...queued) => {
      responders.queue.push(...queued);
    },
    reset: () => {
      requests.length = 0;
      fake.errors.length = 0;
      responders.reset();
      fake.toolInput = undefined;
      fake.textReply = undefined;
    },
    close: () => listening.close(),
  };
  const responders = new Responders(fake);
  return fake;
}
