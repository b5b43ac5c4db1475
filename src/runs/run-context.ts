import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RunAttachment } from '../attachments/run-attachment.js';
import type { HistoryMessage } from '../model/build-request.js';

/** The channel history a run was given, in order, as the model read it. */
export const RecordedHistory = z.array(z.object({ user: z.string(), text: z.string() }));

/**
 * An attached file as a run gave it: a text file by its text (as cut), a PDF or an image by its
 * name, type, size and SHA-256 only. The bytes are not kept (they can be large, and they are the
 * team's files): a replay names such a file without showing it.
 */
export const RecordedAttachment = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    name: z.string(),
    text: z.string(),
    cut: z.object({ totalChars: z.number() }).optional(),
  }),
  z.object({
    kind: z.enum(['pdf', 'image']),
    name: z.string(),
    mediaType: z.string(),
    bytes: z.number(),
    sha256: z.string(),
  }),
]);
export type RecordedAttachment = z.infer<typeof RecordedAttachment>;

/** A read tool offered to the run, as its server described it then. */
export const RecordedReadTool = z.object({
  server: z.string(),
  tool: z.string(),
  description: z.string().optional(),
  inputSchema: z.record(z.string(), z.unknown()),
});
export type RecordedReadTool = z.infer<typeof RecordedReadTool>;

/** What a run records of its context besides its input (stored in `run_contexts`). */
export interface RecordedContext {
  history: HistoryMessage[];
  attachments: RecordedAttachment[];
  readTools: RecordedReadTool[];
}

/** The context of a run as it is recorded: text files kept, PDFs and images hashed. Pure. */
export function recordedContextOf(given: {
  history: readonly HistoryMessage[];
  attachments: readonly RunAttachment[];
  readTools: readonly RecordedReadTool[];
}): RecordedContext {
  return {
    history: given.history.map((m) => ({ user: m.user, text: m.text })),
    attachments: given.attachments.map(recordedAttachment),
    readTools: [...given.readTools],
  };
}

function recordedAttachment(a: RunAttachment): RecordedAttachment {
  switch (a.kind) {
    case 'text':
      return { kind: 'text', name: a.name, text: a.text, ...(a.cut ? { cut: a.cut } : {}) };
    case 'pdf':
    case 'image': {
      const bytes = Buffer.from(a.base64, 'base64');
      return {
        kind: a.kind,
        name: a.name,
        mediaType: a.kind === 'pdf' ? 'application/pdf' : a.mediaType,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      };
    }
    default: {
      const unknown: never = a;
      throw new Error(`unknown attachment ${JSON.stringify(unknown)}`);
    }
  }
}
