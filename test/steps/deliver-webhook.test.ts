import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliverWebhook, signWebhook, type WebhookPolicy } from '../../src/steps/deliver-webhook.js';

type Answer = number | 'hang';

interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let url: string;
let received: Received[] = [];
/** What the server answers, request by request; 200 once exhausted. */
let answers: Answer[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', headers: req.headers, body });
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') return; // never answers: the client must give up
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(`status ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  received = [];
  answers = [];
});

const policy: WebhookPolicy = { attempts: 3, backoffMs: 1, timeoutMs: 2000 };
const body = JSON.stringify({
  agent: 'lead-digest',
  run: 'r1',
  artifact: { id: 'a1', version: 1, type: 'message', content: { text: 'Grüße — ✓' } },
});

function header(r: Received | undefined, name: string): string | undefined {
  const value = r?.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** What a receiver does: recompute the signature from the raw body and compare in constant time. */
function verify(secret: string, r: Received): boolean {
  const timestamp = header(r, 'x-coworker-timestamp') ?? '';
  const signature = header(r, 'x-coworker-signature') ?? '';
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${r.body}`).digest('hex')}`;
  return signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

describe('signWebhook', () => {
  it('is v0= and the hex HMAC-SHA256 of v0:<timestamp>:<body>', () => {
    const signature = signWebhook('s3cret', 1_700_000_000, '{"a":1}');
    expect(signature).toMatch(/^v0=[0-9a-f]{64}$/);
    expect(signature).toBe(`v0=${createHmac('sha256', 's3cret').update('v0:1700000000:{"a":1}').digest('hex')}`);
    expect(signWebhook('other', 1_700_000_000, '{"a":1}')).not.toBe(signature);
    expect(signWebhook('s3cret', 1_700_000_001, '{"a":1}')).not.toBe(signature);
    expect(signWebhook('s3cret', 1_700_000_000, '{"a":2}')).not.toBe(signature);
  });
});

describe('deliverWebhook', () => {
  it('POSTs the body signed so that the receiver can verify it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await deliverWebhook({ url, secret: 'whsec', deliveryId: 'd-1', body }, policy);
    const after = Math.floor(Date.now() / 1000);
    expect(result).toEqual({ ok: true, attempts: 1, status: 200 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.body).toBe(body);
    expect(header(request, 'content-type')).toBe('application/json');
    expect(header(request, 'x-coworker-delivery')).toBe('d-1');
    const timestamp = Number(header(request, 'x-coworker-timestamp'));
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);
    expect(verify('whsec', request as Received)).toBe(true);
    expect(verify('wrong', request as Received)).toBe(false);
  });

  it('sends no signature headers without a secret', async () => {
    for (const secret of [undefined, '']) {
      received = [];
      expect((await deliverWebhook({ url, secret, deliveryId: 'd-2', body }, policy)).ok).toBe(true);
      expect(received[0]?.headers).not.toHaveProperty('x-coworker-signature');
      expect(received[0]?.headers).not.toHaveProperty('x-coworker-timestamp');
      expect(header(received[0], 'x-coworker-delivery')).toBe('d-2');
    }
  });

  it('retries on 500 and 429 with the same delivery id, each attempt signed', async () => {
    answers = [500, 429];
    const result = await deliverWebhook({ url, secret: 'whsec', deliveryId: 'd-3', body }, policy);
    expect(result).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(received).toHaveLength(3);
    expect(received.map((r) => header(r, 'x-coworker-delivery'))).toEqual(['d-3', 'd-3', 'd-3']);
    expect(received.every((r) => r.body === body && verify('whsec', r))).toBe(true);
  });

  it('gives up after `attempts`, reporting the last failure', async () => {
    answers = [500, 503, 429, 200];
    const result = await deliverWebhook({ url, deliveryId: 'd-4', body }, policy);
    expect(result).toEqual({ ok: false, attempts: 3, error: 'HTTP 429' });
    expect(received).toHaveLength(3);

    received = [];
    answers = [502, 200];
    expect(await deliverWebhook({ url, deliveryId: 'd-5', body }, { ...policy, attempts: 1 })).toEqual({
      ok: false,
      attempts: 1,
      error: 'HTTP 502',
    });
    expect(received).toHaveLength(1);
  });

  it('does not retry a 4xx other than 429: the receiver said no', async () => {
    for (const status of [400, 401, 404, 422]) {
      received = [];
      answers = [status];
      expect(await deliverWebhook({ url, deliveryId: 'd-6', body }, policy)).toEqual({
        ok: false,
        attempts: 1,
        error: `HTTP ${status}`,
      });
      expect(received).toHaveLength(1);
    }
  });

  it('times out a hanging receiver and counts it as a failed attempt', async () => {
    answers = ['hang'];
    const started = Date.now();
    const recovered = await deliverWebhook(
      { url, deliveryId: 'd-7', body },
      { attempts: 3, backoffMs: 1, timeoutMs: 150 },
    );
    expect(recovered).toEqual({ ok: true, attempts: 2, status: 200 });
    expect(received.map((r) => header(r, 'x-coworker-delivery'))).toEqual(['d-7', 'd-7']);

    received = [];
    answers = ['hang', 'hang'];
    const failed = await deliverWebhook(
      { url, deliveryId: 'd-8', body },
      { attempts: 2, backoffMs: 1, timeoutMs: 150 },
    );
    expect(failed).toEqual({ ok: false, attempts: 2, error: 'no answer within 150 ms' });
    expect(received).toHaveLength(2);
    // Three timeouts of 150 ms, not the server's idea of how long to wait.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries when nothing listens, and never throws', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await deliverWebhook({ url: `http://127.0.0.1:${port}/hook`, deliveryId: 'd-9', body }, policy);
    expect(result.ok).toBe(false);
    expect(result.attempts).toBe(3);
    expect(result.ok ? '' : result.error).not.toBe('');

    const malformed = await deliverWebhook({ url: 'not a url', deliveryId: 'd-10', body }, { ...policy, attempts: 1 });
    expect(malformed.ok).toBe(false);
  });

  it('waits backoffMs * 2^(n-1) between attempts', async () => {
    answers = [500, 500];
    const started = Date.now();
    const result = await deliverWebhook(
      { url, deliveryId: 'd-11', body },
      { attempts: 3, backoffMs: 40, timeoutMs: 2000 },
    );
    expect(result).toEqual({ ok: true, attempts: 3, status: 200 });
    // 40 ms then 80 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });
});
