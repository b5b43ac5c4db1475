import type { ImageMediaType } from './attachment-kind.js';

/**
 * An attached file ready for the model request: PDFs and images as base64 for `document` and
 * `image` blocks, text files as their text (quoted when the request is built). Untrusted data.
 */
export type RunAttachment =
  | { kind: 'pdf'; name: string; base64: string }
  | { kind: 'image'; name: string; mediaType: ImageMediaType; base64: string }
  | {
      kind: 'text';
      name: string;
      text: string;
      /** Set when the text was cut: the characters given, of `totalChars`. */
      cut?: { totalChars: number };
    };
