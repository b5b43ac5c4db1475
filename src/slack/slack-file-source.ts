import type { WebClient } from '@slack/web-api';
import type { AttachmentSource, Download } from '../attachments/attachment-source.js';
import { attachmentRefsOf } from '../attachments/slack-file.js';
import { slackCall } from './web-slack-port.js';

/**
 * Downloads attached files from the `url_private` Slack gave in the event, with the bot token
 * (scope `files:read`); a file the event names only by id (Slack Connect) is looked up with
 * files.info first. The URL comes from a signed event; external files never get here (their
 * links are not Slack's, see `attachmentRefsOf`). At most `maxBytes` are read: a larger body
 * is cut off, not buffered.
 */
export function createSlackFileSource(
  botToken: string,
  client: Pick<WebClient, 'files'>,
  fetchImpl: typeof fetch = fetch,
): AttachmentSource {
  return {
    async complete(ref) {
      let file: unknown;
      try {
        file = (await slackCall('files.info', () => client.files.info({ file: ref.id }))).file;
      } catch (err) {
        return { ok: false, problem: err instanceof Error ? err.message : String(err) };
      }
      const [completed] = attachmentRefsOf([file]);
      if (!completed || completed.incomplete) return { ok: false, problem: 'Slack did not say what the file is.' };
      return { ok: true, ref: completed };
    },
    async download(ref, { maxBytes, signal }): Promise<Download> {
      let response: Response;
      try {
        response = await fetchImpl(ref.url, { headers: { Authorization: `Bearer ${botToken}` }, signal });
      } catch (err) {
        signal.throwIfAborted();
        return {
          ok: false,
          problem: `Slack could not be reached (${err instanceof Error ? err.message : String(err)})`,
        };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, problem: `Slack answered ${response.status}` };
      }
      // Without files:read (or with a token Slack does not accept here) Slack answers 200 with its
      // sign-in page instead of the file.
      if ((response.headers.get('content-type') ?? '').toLowerCase().startsWith('text/html')) {
        await response.body?.cancel();
        return { ok: false, problem: 'Slack sent a web page instead of the file (is the files:read scope granted?)' };
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (declared > maxBytes) {
        await response.body?.cancel();
        return { ok: false, tooLarge: true };
      }
      return readCapped(response, maxBytes, signal);
    },
  };
}

async function readCapped(response: Response, maxBytes: number, signal: AbortSignal): Promise<Download> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of response.body ?? []) {
      length += chunk.length;
      // Leaving the loop cancels the stream: the rest is never downloaded.
      if (length > maxBytes) return { ok: false, tooLarge: true };
      chunks.push(chunk);
    }
  } catch (err) {
    signal.throwIfAborted();
    return { ok: false, problem: `the download broke off (${err instanceof Error ? err.message : String(err)})` };
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
