import type { Logger } from '@slack/logger';
import { toCoworkerError } from '../errors.js';
import type { SlackPort } from '../slack-port.js';
import { logListenerFailure } from './log-listener-failure.js';
import { actionChannel, type BlockActionPayload } from './payloads.js';

/**
 * Tells the person who clicked why nothing happened, visible to them only. A failure to do so
 * is logged, never thrown: the click itself was already handled.
 */
export async function replyToClicker(
  slack: SlackPort,
  logger: Logger,
  payload: BlockActionPayload,
  text: string,
): Promise<void> {
  const channel = actionChannel(payload);
  if (!channel) {
    logger.warn(`cannot tell ${payload.user.id} "${text}": the click came from outside a channel`);
    return;
  }
  await slack
    .postEphemeral({ channel, user: payload.user.id, text, threadTs: payload.message?.thread_ts ?? null })
    .catch((err: unknown) => logger.error(`could not tell ${payload.user.id} why their click was refused`, err));
}

/**
 * The one way a click is refused: acknowledge it, log it when it is our fault or Slack's, and
 * tell the clicker why in words meant for them.
 */
export async function refuseClick(
  services: { slack: SlackPort; logger: Logger },
  payload: BlockActionPayload,
  err: unknown,
  /** Absent when the click was acknowledged already. */
  ack?: () => Promise<void>,
): Promise<void> {
  await ack?.();
  const error = toCoworkerError(err);
  logListenerFailure(services.logger, payload.actions[0]?.action_id ?? 'a click', error, err);
  await replyToClicker(services.slack, services.logger, payload, error.message);
}
