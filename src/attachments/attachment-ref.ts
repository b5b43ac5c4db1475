import { z } from 'zod';

/**
 * A file attached to the Slack message that started a run, as the run records it: a reference,
 * never the contents, so a Retry, a Re-run or a Revise downloads the same files again.
 * `url` is null when Slack gave no link the app may download with its token (an external file,
 * a deleted one, one hidden by the workspace's plan, or one whose details need `files.info`:
 * `incomplete`).
 */
export const AttachmentRef = z.object({
  id: z.string(),
  name: z.string(),
  mimetype: z.string().nullable(),
  filetype: z.string().nullable(),
  /** Bytes, as Slack declared them (checked again while downloading). */
  size: z.number().nullable(),
  url: z.string().nullable(),
  /** The event carried only the id (Slack Connect's `file_access: check_file_info`): the rest comes from `files.info` when the run runs. */
  incomplete: z.boolean().optional(),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

const AttachmentRefs = z.array(AttachmentRef);

/** A run's recorded attachments (a jsonb column): what is not a list of references reads as none. */
export function parseAttachmentRefs(stored: unknown): AttachmentRef[] {
  const parsed = AttachmentRefs.safeParse(stored);
  return parsed.success ? parsed.data : [];
}
