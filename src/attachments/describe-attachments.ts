import { type AttachmentLimits, formatBytes } from './attachment-limits.js';
import type { AttachmentReport, SkipReason } from './attachment-report.js';

/** Why a file was skipped, in the words of the review message ("over 10 MB"). */
export function describeSkipReason(reason: SkipReason, limits: AttachmentLimits, detail?: string): string {
  switch (reason) {
    case 'unsupported_type':
      return 'not a PDF, image or text file';
    case 'too_large':
      return `over ${formatBytes(limits.maxFileBytes)}`;
    case 'total_too_large':
      return `over ${formatBytes(limits.maxTotalBytes)} together`;
    case 'too_many':
      return `more than ${limits.maxFiles} files`;
    case 'image_too_large':
      return `an image over ${formatBytes(limits.maxImageBytes)}, the largest Claude takes`;
    case 'request_too_large':
      return 'too large to send to Claude together with the files before it';
    case 'not_downloadable':
      return 'Slack gives no download of it';
    case 'download_failed':
      return detail ? `could not be downloaded: ${detail}` : 'could not be downloaded';
    case 'content_mismatch':
      return detail ? `its content is not ${detail}` : 'its content is not what its type says';
    case 'not_text':
      return 'not readable as UTF-8 text';
    default: {
      const unknown: never = reason;
      return String(unknown);
    }
  }
}

/**
 * The attachment line of a review: `Read: invoice.pdf, data.csv · Skipped: movie.mp4 (not a
 * PDF, image or text file)`, names as given (the caller escapes them); undefined when the run
 * had no attachments. Pure.
 */
export function describeAttachments(report: AttachmentReport, limits: AttachmentLimits): string | undefined {
  const parts: string[] = [];
  if (report.read.length > 0)
    parts.push(`Read: ${report.read.map((r) => (r.note ? `${r.name} (${r.note})` : r.name)).join(', ')}`);
  if (report.skipped.length > 0)
    parts.push(
      `Skipped: ${report.skipped.map((s) => `${s.name} (${describeSkipReason(s.reason, limits, s.detail)})`).join(', ')}`,
    );
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
