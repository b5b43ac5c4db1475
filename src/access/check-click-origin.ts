import { CoworkerError } from '../errors.js';

/** Where a button was pressed, as the click's payload tells it (every field of it agreeing). */
export interface ClickOrigin {
  channelId: string;
  messageTs: string;
  /** The thread of that message, when Slack says. */
  threadTs?: string | undefined;
  /** Pressed on an ephemeral message (which Slack keeps no record of for the app). */
  ephemeral: boolean;
}

/** Where the app put a button: the message it stored for it, and that message's thread. */
export interface ButtonHome {
  channelId: string | null;
  /** null while the message is being posted: Slack gives its ts only in the answer. */
  messageTs: string | null;
  threadTs: string | null;
}

/**
 * Checks that a button was pressed on the message the app put it on: a click whose payload
 * names another channel or message (a forged or misrouted request, signed or not) must not act
 * on what its value points at. A message still being posted in a known thread is accepted from
 * that thread, as it cannot yet be told apart by its ts.
 * @throws CoworkerError `request_mismatch` saying nothing was changed
 */
export function checkClickOrigin(origin: ClickOrigin | undefined, home: ButtonHome): asserts origin is ClickOrigin {
  if (origin !== undefined && home.channelId !== null && origin.channelId === home.channelId) {
    if (
      home.messageTs !== null
        ? origin.messageTs === home.messageTs
        : home.threadTs !== null && origin.threadTs === home.threadTs
    )
      return;
    if (home.messageTs === null) {
      const message = 'This message is still being posted, so nothing was changed. Press the button again in a moment.';
      throw new CoworkerError('request_mismatch', message, { details: { origin, home } });
    }
  }
  const message = 'This button does not belong to the message it was pressed on, so nothing was changed.';
  throw new CoworkerError('request_mismatch', message, { details: { origin, home } });
}

/** Where a run's Retry button is: its progress message, which became the failure message. */
export function runHome(run: {
  channel_id: string | null;
  status_ts: string | null;
  thread_ts: string | null;
}): ButtonHome {
  return { channelId: run.channel_id, messageTs: run.status_ts, threadTs: run.thread_ts };
}

/** Where a correction's buttons are: the app's acknowledgement in the review thread. */
export function correctionHome(correction: {
  channel_id: string | null;
  ack_ts: string | null;
  thread_ts: string | null;
}): ButtonHome {
  return { channelId: correction.channel_id, messageTs: correction.ack_ts, threadTs: correction.thread_ts };
}

/** Where an artifact's review buttons are: its review message. */
export function reviewHome(artifact: {
  channel_id: string | null;
  message_ts: string | null;
  thread_ts: string | null;
}): ButtonHome {
  return { channelId: artifact.channel_id, messageTs: artifact.message_ts, threadTs: artifact.thread_ts };
}
