import { createHmac } from 'node:crypto';

export interface WebhookDelivery {
  url: string;
  secret?: string | undefined;
  /** Stable across retries so receivers can dedupe (`X-Coworker-Delivery`). */
  deliveryId: string;
  body: string;
}

export interface WebhookPolicy {
  attempts: number;
  /** Delay before retry n is `backoffMs * 2^(n-1)`. */
  backoffMs: number;
  timeoutMs: number;
}

export type WebhookResult =
  | { ok: true; attempts: number; status: number }
  | { ok: false; attempts: number; error: string };

/**
 * Signs like Slack does: `v0=` + hex HMAC-SHA256(secret, `v0:<unix seconds>:<body>`).
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * POSTs the body, retrying with exponential backoff on 5xx, 429, timeouts and connection
 * errors; a 4xx other than 429 is final (the receiver said no). Each attempt is signed afresh
 * so its timestamp is current. Never throws.
 */
export async function deliverWebhook(
  delivery: WebhookDelivery,
  policy: WebhookPolicy,
  fetchImpl: typeof fetch = fetch,
): Promise<WebhookResult> {
  let lastError = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, policy.backoffMs * 2 ** (attempt - 2)));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-coworker-delivery': delivery.deliveryId,
      'user-agent': 'Coworker',
    };
    if (delivery.secret) {
      const timestamp = Math.floor(Date.now() / 1000);
      headers['x-coworker-timestamp'] = String(timestamp);
      headers['x-coworker-signature'] = signWebhook(delivery.secret, timestamp, delivery.body);
    }
    try {
      const response = await fetchImpl(delivery.url, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { ok: true, attempts: attempt, status: response.status };
      lastError = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) return { ok: false, attempts: attempt, error: lastError };
    } catch (err) {
      lastError =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${policy.timeoutMs} ms`
          : err instanceof Error
            ? err.message
            : String(err);
    }
  }
  return { ok: false, attempts: policy.attempts, error: lastError };
}
