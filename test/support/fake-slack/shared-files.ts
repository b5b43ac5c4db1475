import type { FakeSlackCore } from './core.js';
import { fail, send } from './core.js';
import { str } from './params.js';
import type { FileDownload, SharedFileInput } from './types.js';

const MIMETYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  csv: 'text/csv',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  yaml: 'application/x-yaml',
  mp4: 'video/mp4',
};

interface SharedFile {
  id: string;
  input: SharedFileInput;
  bytes: Buffer;
  /** Its file object, as events and files.info carry it. */
  object: Record<string, unknown>;
}

/**
 * Files people shared in Slack, served as Slack serves `url_private`: the bytes for a request
 * with `Authorization: Bearer <token>`, the sign-in web page (200, text/html) without one.
 * Every download is recorded with the header it carried; files.info answers with the file object.
 */
export class SharedFiles {
  readonly downloads: FileDownload[] = [];
  private readonly files = new Map<string, SharedFile>();

  constructor(private readonly core: FakeSlackCore) {
    core.method('files.info', (params) => {
      const file = this.files.get(str(params.file) ?? '');
      if (!file) fail('file_not_found');
      return { ok: true, file: file.object };
    });
    core.route('/files-pri/', async (req, res, url) => {
      const id = decodeURIComponent(url.pathname.slice('/files-pri/'.length).split('/')[0] ?? '').replace(/^T\w+-/, '');
      const file = this.files.get(id);
      const authorization = req.headers.authorization;
      const authorised = /^Bearer \S+/.test(authorization ?? '');
      const status = !file ? 404 : authorised ? (file.input.status ?? 200) : 200;
      this.downloads.push({ file_id: id, authorization, status });
      if (!file || status !== 200) send(res, status, 'file not found');
      else if (!authorised)
        send(res, 200, '<!DOCTYPE html><html><body>Sign in to Slack</body></html>', {
          'content-type': 'text/html; charset=utf-8',
        });
      else {
        res.writeHead(200, {
          'content-type': file.input.mimetype ?? 'application/octet-stream',
          'content-length': String(file.bytes.length),
        });
        res.end(file.bytes);
      }
    });
  }

  /** Stores a shared file; its file object as a message event's `files[]` carries it. */
  share(input: SharedFileInput): Record<string, unknown> {
    const { state } = this.core;
    const id = state.nextId('F');
    const bytes = typeof input.content === 'string' ? Buffer.from(input.content) : input.content;
    const extension = /\.([a-z0-9]+)$/i.exec(input.name)?.[1]?.toLowerCase() ?? '';
    const mimetype = input.mimetype ?? MIMETYPES[extension] ?? 'application/octet-stream';
    const path = `${state.origin}/files-pri/${state.teamId}-${id}`;
    const object = {
      id,
      created: 1_700_000_000,
      timestamp: 1_700_000_000,
      name: input.name,
      title: input.name,
      mimetype,
      filetype: input.filetype ?? extension,
      pretty_type: extension.toUpperCase(),
      user: 'U1',
      user_team: state.teamId,
      editable: false,
      size: input.size ?? bytes.length,
      mode: 'hosted',
      is_external: false,
      external_type: '',
      is_public: true,
      public_url_shared: false,
      display_as_bot: false,
      username: '',
      url_private: `${path}/${encodeURIComponent(input.name)}`,
      url_private_download: `${path}/download/${encodeURIComponent(input.name)}`,
      permalink: `https://team.slack.com/files/U1/${id}/${input.name}`,
      has_rich_preview: false,
      file_access: 'visible',
    };
    this.files.set(id, { id, input: { ...input, mimetype }, bytes, object });
    return object;
  }
}
