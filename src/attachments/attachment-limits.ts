const MB = 1024 * 1024;

/** DESIGN.md "Files shared in Slack": at most 10 files, 10 MB each, 30 MB together. */
export interface AttachmentLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxTotalBytes: number;
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
  maxTextChars: 200_000,
});

/** A byte count as people read it in a limit: `10 MB`, `512 kB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${Math.round((bytes / MB) * 10) / 10} MB`;
  return `${Math.ceil(bytes / 1024)} kB`;
}
