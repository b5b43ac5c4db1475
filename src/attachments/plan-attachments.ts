import type { AttachmentKind } from './attachment-kind.js';
import { attachmentKind } from './attachment-kind.js';
import { type AttachmentLimits, requestBytes } from './attachment-limits.js';
import type { AttachmentRef } from './attachment-ref.js';
import type { AttachmentReport } from './attachment-report.js';

export type SkippedAttachment = AttachmentReport['skipped'][number];

export interface PlannedAttachment {
  ref: AttachmentRef & { url: string };
  kind: AttachmentKind;
}

/** Which files to download, in message order, and which are skipped before any download. */
export interface AttachmentPlan {
  toRead: PlannedAttachment[];
  skipped: SkippedAttachment[];
}

/**
 * Applies the types and caps to a message's files, in their order, on what Slack declared: a
 * file of another type, one Slack gives no link to, one over the per-file cap (or the image
 * cap), the 11th readable file and one that would take the total (or the request) over its cap
 * are skipped (a later, smaller file may still fit). Sizes are checked again once downloaded.
 * Pure.
 */
export function planAttachments(refs: readonly AttachmentRef[], limits: AttachmentLimits): AttachmentPlan {
  const plan: AttachmentPlan = { toRead: [], skipped: [] };
  let total = 0;
  let inRequest = 0;
  for (const ref of refs) {
    const kind = attachmentKind(ref);
    const size = ref.size ?? 0;
    // Text is cut to maxTextChars, so its declared size says little of what it adds; it is counted once read.
    const adds = kind && kind.kind !== 'text' ? requestBytes(kind.kind, size) : 0;
    const skip = (reason: SkippedAttachment['reason']) => plan.skipped.push({ name: ref.name, reason });
    if (kind === undefined) skip('unsupported_type');
    else if (ref.url === null) skip('not_downloadable');
    else if (size > limits.maxFileBytes) skip('too_large');
    else if (kind.kind === 'image' && size > limits.maxImageBytes) skip('image_too_large');
    else if (plan.toRead.length >= limits.maxFiles) skip('too_many');
    else if (total + size > limits.maxTotalBytes) skip('total_too_large');
    else if (inRequest + adds > limits.maxRequestBytes) skip('request_too_large');
    else {
      plan.toRead.push({ ref: { ...ref, url: ref.url }, kind });
      total += size;
      inRequest += adds;
    }
  }
  return plan;
}

/**
 * How many bytes the next download may bring, given what was downloaded so far: the per-file
 * cap, or less when the total cap is nearer. Pure.
 */
export function remainingBytes(downloadedSoFar: number, limits: AttachmentLimits): number {
  return Math.max(0, Math.min(limits.maxFileBytes, limits.maxTotalBytes - downloadedSoFar));
}
