import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AttachmentRef } from '../attachments/attachment-ref.js';
import type { AttachmentSource } from '../attachments/attachment-source.js';
import { CoworkerError } from '../errors.js';

/**
 * `coworker try <agent> --file invoice.pdf`: local files attached as a Slack message's would be.
 * Their type comes from the name's extension, as for a Slack file without a mimetype.
 * @throws CoworkerError `usage` naming a path that is not a readable file
 */
export async function localAttachmentRefs(paths: readonly string[], cwd: string): Promise<AttachmentRef[]> {
  return Promise.all(
    paths.map(async (given, i) => {
      const absolute = path.resolve(cwd, given);
      const info = await stat(absolute).catch((err: NodeJS.ErrnoException) => {
        throw new CoworkerError('usage', `--file ${given} could not be read (${err.code ?? err.message}).`);
      });
      if (!info.isFile()) throw new CoworkerError('usage', `--file ${given} is not a file.`);
      return {
        id: `local-${i + 1}`,
        name: path.basename(absolute),
        mimetype: null,
        filetype: null,
        size: info.size,
        url: pathToFileURL(absolute).href,
      };
    }),
  );
}

/** Reads the `file:` URLs of {@link localAttachmentRefs}, at most `maxBytes` of each. */
export const localFileSource: AttachmentSource = {
  async download(ref, { maxBytes }) {
    let handle: Awaited<ReturnType<typeof open>> | undefined;
    try {
      handle = await open(fileURLToPath(ref.url), 'r');
      const bytes = Buffer.alloc(maxBytes + 1);
      let length = 0;
      while (length <= maxBytes) {
        const { bytesRead } = await handle.read(bytes, length, bytes.length - length);
        if (bytesRead === 0) break;
        length += bytesRead;
      }
      return length > maxBytes ? { ok: false, tooLarge: true } : { ok: true, bytes: bytes.subarray(0, length) };
    } catch (err) {
      return { ok: false, problem: `it could not be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    } finally {
      await handle?.close();
    }
  },
};
