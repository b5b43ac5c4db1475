import { z } from 'zod';
import { CoworkerError } from '../errors.js';
import { HttpUrl, Text } from '../spec-fields/text.js';
import { REDACTED, type StepKind } from './apply-step.js';
import { deliverWebhook } from './deliver-webhook.js';

/** `- webhook: { url, secret? }`: POST the artifact JSON, signed when a secret is given. */
export interface WebhookStep {
  kind: 'webhook';
  url: string;
  secret?: string;
}

const WebhookSpec = z
  .strictObject({ url: HttpUrl, secret: Text.optional() })
  .transform(
    ({ url, secret }): WebhookStep =>
      secret === undefined ? { kind: 'webhook', url } : { kind: 'webhook', url, secret },
  );

export const webhookStep: StepKind<WebhookStep> = {
  kind: 'webhook',
  spec: WebhookSpec,
  usage: '`webhook: { url, secret? }`',
  written: (step) => (step.secret === undefined ? { url: step.url } : { url: step.url, secret: REDACTED }),
  describe: (step) => `deliver the webhook to ${new URL(step.url).host}`,
  channels: () => [],
  async perform(deps, artifact, step, deliveryId) {
    const body = JSON.stringify({
      agent: artifact.agent,
      run: artifact.run_id,
      artifact: { id: artifact.id, version: artifact.version, type: artifact.type, content: artifact.content },
      approved_by: artifact.decided_by,
      approved_at: (artifact.decided_at ?? new Date()).toISOString(),
    });
    const result = await deliverWebhook({ url: step.url, secret: step.secret, deliveryId, body }, deps.webhook);
    if (!result.ok) {
      throw new CoworkerError(
        'apply_failed',
        `the webhook answered ${result.error} after ${result.attempts} attempt(s).`,
        { details: { attempts: result.attempts } },
      );
    }
    return { attempts: result.attempts, status: result.status };
  },
};
