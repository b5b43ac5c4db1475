const MB = 1024 * 1024;

/**
 * DESIGN.md "Files shared in Slack": at most 10 files, 10 MB each, 30 MB together; and what the
 * Messages API itself refuses, since one file it refuses fails the whole request (and the run).
 */
export interface AttachmentLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  /** An image block holds at most 5 MB of base64, which is 3.75 MB of image. */
  maxImageBytes: number;
  /**
   * What the files may add to one model request: the API takes 32 MB a request, everything
   * included, and base64 makes a PDF or an image a third larger (30 MB of PDFs would be 40 MB).
   * The rest is left for the prompt, context files and history.
   */
  maxRequestBytes: number;
  /**
   * Characters of a text file quoted to the model; the rest is cut, saying so. 10 MB of CSV is
   * millions of tokens, more than any model's context: the run would fail outright.
   */
  maxTextChars: number;
}

export const ATTACHMENT_LIMITS: AttachmentLimits = Object.freeze({
  maxFiles: 10,
  maxFileBytes: 10 * MB,
  maxTotalBytes: 30 * MB,
  maxImageBytes: 3.75 * MB,
  maxRequestBytes: 24 * MB,
  maxTextChars: 200_000,
});

/** The bytes a file of `kind` adds to a request: base64 for PDFs and images, its text as UTF-8. */
export function requestBytes(kind: 'pdf' | 'image' | 'text', bytes: number): number {
  return kind === 'text' ? bytes : Math.ceil(bytes / 3) * 4;
}

/** A byte count as people read it in a limit: `10 MB`, `3.75 MB`, `512 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 100) / 100} MB`;
  return `${Math.ceil(bytes / 1024)} kB`;
}
