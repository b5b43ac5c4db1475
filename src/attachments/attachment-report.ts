import { z } from 'zod';

/** Why an attached file was not given to the model. */
export const SkipReason = z.enum([
  'unsupported_type',
  'too_large',
  'total_too_large',
  'too_many',
  'image_too_large',
  'request_too_large',
  'not_downloadable',
  'download_failed',
  'content_mismatch',
  'not_text',
]);
export type SkipReason = z.infer<typeof SkipReason>;

/**
 * Which attached files a run read and which it skipped and why: stored with the artifact, shown
 * in its review message. `detail` adds what the reason alone does not say (Slack's answer, the
 * kind the content was expected to be).
 */
export const AttachmentReport = z.object({
  read: z.array(z.object({ name: z.string(), note: z.string().optional() })),
  skipped: z.array(z.object({ name: z.string(), reason: SkipReason, detail: z.string().optional() })),
});
export type AttachmentReport = z.infer<typeof AttachmentReport>;

/** An artifact's stored report (a jsonb column); undefined when there is none or it does not parse. */
export function parseAttachmentReport(stored: unknown): AttachmentReport | undefined {
  const parsed = AttachmentReport.safeParse(stored);
  return parsed.success ? parsed.data : undefined;
}
