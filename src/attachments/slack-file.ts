import { z } from 'zod';
import type { AttachmentRef } from './attachment-ref.js';

/**
 * One entry of a message event's `files[]`: only the fields the app reads, unknown keys kept
 * (Slack adds fields), nulls allowed. See https://api.slack.com/types/file.
 */
export const SlackFile = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  title: z.string().nullish(),
  mimetype: z.string().nullish(),
  filetype: z.string().nullish(),
  size: z.number().nullish(),
  url_private: z.string().nullish(),
  url_private_download: z.string().nullish(),
  /** `external` (a Google Drive link, say), `tombstone` (deleted), `hidden_by_limit`, `hosted`, `snippet`, … */
  mode: z.string().nullish(),
  is_external: z.boolean().nullish(),
  /** `check_file_info`: the event carries only the id (Slack Connect); the details need `files.info`. */
  file_access: z.string().nullish(),
});
export type SlackFile = z.output<typeof SlackFile>;

/** Modes whose url_private is not a file Slack hosts, so the bot token must not be sent to it. */
const NOT_DOWNLOADABLE_MODES = new Set(['external', 'tombstone', 'hidden_by_limit']);

/**
 * The references to record for an event's `files` (anything Slack sent there), or for the file
 * object of a `files.info` answer. An entry that is not a file object at all is left out; one
 * that cannot be downloaded is kept with `url: null`, so the review can name it as skipped, and
 * one whose details Slack left out is `incomplete`.
 */
export function attachmentRefsOf(files: unknown): AttachmentRef[] {
  if (!Array.isArray(files)) return [];
  return files.flatMap((entry) => {
    const parsed = SlackFile.safeParse(entry);
    if (!parsed.success) return [];
    const f = parsed.data;
    if (f.file_access === 'check_file_info') {
      return [
        { id: f.id, name: f.name || f.id, mimetype: null, filetype: null, size: null, url: null, incomplete: true },
      ];
    }
    const downloadable = f.is_external !== true && !NOT_DOWNLOADABLE_MODES.has(f.mode ?? '');
    const url = downloadable ? (f.url_private ?? f.url_private_download ?? null) : null;
    return [
      {
        id: f.id,
        name: f.name || f.title || f.id,
        mimetype: f.mimetype ?? null,
        filetype: f.filetype ?? null,
        size: f.size ?? null,
        url: url && /^https?:\/\//i.test(url) ? url : null,
      },
    ];
  });
}
