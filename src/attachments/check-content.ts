import type { AttachmentKind } from './attachment-kind.js';
import { describeKind } from './attachment-kind.js';
import type { AttachmentLimits } from './attachment-limits.js';
import type { SkippedAttachment } from './plan-attachments.js';
import type { RunAttachment } from './run-attachment.js';

export type CheckedContent = { ok: true; attachment: RunAttachment } | { ok: false; skipped: SkippedAttachment };

/**
 * Turns downloaded bytes into what the model is given, after checking they are what the file
 * claims to be: the Messages API refuses a whole request over one PDF or image that is not
 * one, and a download that got a web page (a missing scope makes Slack answer with its sign-in
 * page) must not reach the model as a file, nor an image larger than the API takes. Text must
 * be UTF-8; it is cut at `limits.maxTextChars`. Pure.
 */
export function checkContent(
  name: string,
  kind: AttachmentKind,
  bytes: Buffer,
  limits: Pick<AttachmentLimits, 'maxTextChars' | 'maxImageBytes'>,
): CheckedContent {
  const mismatch = (): CheckedContent => ({
    ok: false,
    skipped: { name, reason: 'content_mismatch', detail: describeKind(kind) },
  });
  switch (kind.kind) {
    case 'pdf':
      return startsWith(bytes, '%PDF-')
        ? { ok: true, attachment: { kind: 'pdf', name, base64: bytes.toString('base64') } }
        : mismatch();
    case 'image':
      if (bytes.length > limits.maxImageBytes) return { ok: false, skipped: { name, reason: 'image_too_large' } };
      return looksLike(kind.mediaType, bytes)
        ? { ok: true, attachment: { kind: 'image', name, mediaType: kind.mediaType, base64: bytes.toString('base64') } }
        : mismatch();
    case 'text': {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
      } catch {
        return { ok: false, skipped: { name, reason: 'not_text' } };
      }
      if (text.includes('\u0000')) return { ok: false, skipped: { name, reason: 'not_text' } };
      if (text.length <= limits.maxTextChars) return { ok: true, attachment: { kind: 'text', name, text } };
      return {
        ok: true,
        attachment: { kind: 'text', name, text: text.slice(0, limits.maxTextChars), cut: { totalChars: text.length } },
      };
    }
    default: {
      const unknown: never = kind;
      throw new Error(`unknown attachment kind ${JSON.stringify(unknown)}`);
    }
  }
}

function startsWith(bytes: Buffer, signature: string | number[], at = 0): boolean {
  const expected = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return bytes.length >= at + expected.length && bytes.subarray(at, at + expected.length).equals(expected);
}

/** The format's magic bytes. */
function looksLike(mediaType: Extract<AttachmentKind, { kind: 'image' }>['mediaType'], bytes: Buffer): boolean {
  switch (mediaType) {
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'image/gif':
      return startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a');
    case 'image/webp':
      return startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8);
    default: {
      const unknown: never = mediaType;
      return unknown;
    }
  }
}
