import type { AttachmentRef } from './attachment-ref.js';

export type Download = { ok: true; bytes: Buffer } | { ok: false; tooLarge: true } | { ok: false; problem: string };

/**
 * Where attached files are downloaded from: in the app, Slack's `url_private` with the bot token
 * (`slack/slack-file-source.ts`); for `coworker try --file`, the local disk.
 */
export interface AttachmentSource {
  /**
   * The file's bytes, reading no more than `maxBytes` (`tooLarge` past that). A file that cannot
   * be had is `problem`, in words ("Slack answered 404"); only an abort of `signal` throws.
   */
  download(ref: AttachmentRef & { url: string }, options: { maxBytes: number; signal: AbortSignal }): Promise<Download>;
  /**
   * The whole reference of an `incomplete` one (Slack's `files.info`), or the problem in words.
   * Absent where files are always complete (local files).
   */
  complete?(
    ref: AttachmentRef,
    signal: AbortSignal,
  ): Promise<{ ok: true; ref: AttachmentRef } | { ok: false; problem: string }>;
}
