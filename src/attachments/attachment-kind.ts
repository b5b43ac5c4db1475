import type { AttachmentRef } from './attachment-ref.js';

/** The image formats the Messages API takes as base64 `image` blocks. */
export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** How a file reaches the model: a `document` block, an `image` block, or quoted text. */
export type AttachmentKind =
  | { kind: 'pdf'; mediaType: 'application/pdf' }
  | { kind: 'image'; mediaType: ImageMediaType }
  | { kind: 'text' };

const PDF: AttachmentKind = { kind: 'pdf', mediaType: 'application/pdf' };
const TEXT: AttachmentKind = { kind: 'text' };
const image = (mediaType: ImageMediaType): AttachmentKind => ({ kind: 'image', mediaType });

const BY_MIMETYPE: Record<string, AttachmentKind> = {
  'application/pdf': PDF,
  'image/png': image('image/png'),
  'image/jpeg': image('image/jpeg'),
  'image/jpg': image('image/jpeg'),
  'image/gif': image('image/gif'),
  'image/webp': image('image/webp'),
  'text/plain': TEXT,
  'text/markdown': TEXT,
  'text/x-markdown': TEXT,
  'text/csv': TEXT,
  'application/csv': TEXT,
  'application/json': TEXT,
  'text/json': TEXT,
  'application/yaml': TEXT,
  'application/x-yaml': TEXT,
  'text/yaml': TEXT,
  'text/x-yaml': TEXT,
};

/** Slack's `filetype` values (https://api.slack.com/types/file#types), and file name extensions. */
const BY_FILETYPE: Record<string, AttachmentKind> = {
  pdf: PDF,
  png: image('image/png'),
  jpg: image('image/jpeg'),
  jpeg: image('image/jpeg'),
  gif: image('image/gif'),
  webp: image('image/webp'),
  text: TEXT,
  txt: TEXT,
  markdown: TEXT,
  md: TEXT,
  csv: TEXT,
  json: TEXT,
  yaml: TEXT,
  yml: TEXT,
};

/**
 * What kind of attachment a file is, from its mimetype, else Slack's filetype, else its name's
 * extension; undefined for every other type (it is skipped). Slack sends `application/octet-stream`
 * or `text/plain` for files it does not recognise, which is why the filetype may decide. Pure.
 */
export function attachmentKind(ref: Pick<AttachmentRef, 'name' | 'mimetype' | 'filetype'>): AttachmentKind | undefined {
  const mimetype = (ref.mimetype ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const byMimetype = BY_MIMETYPE[mimetype];
  const filetype = (ref.filetype ?? '').toLowerCase();
  const extension = /\.([a-z0-9]+)$/i.exec(ref.name)?.[1]?.toLowerCase() ?? '';
  const byName = BY_FILETYPE[filetype] ?? BY_FILETYPE[extension];
  // A precise filetype beats a generic text/plain (a `.csv` Slack labels text/plain stays text; a
  // PDF it labels text/plain is still a PDF).
  if (byMimetype && !(mimetype === 'text/plain' && byName)) return byMimetype;
  return byName;
}

/** What a file of a kind is called in a message ("a PDF"). */
export function describeKind(kind: AttachmentKind): string {
  switch (kind.kind) {
    case 'pdf':
      return 'a PDF';
    case 'image':
      return `a ${kind.mediaType.slice('image/'.length).toUpperCase()} image`;
    case 'text':
      return 'text';
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}
