import type { IncomingMessage } from 'node:http';
import { isRecord } from '../http-util.js';
import type { FakeSlackCore } from './core.js';
import { fail, send } from './core.js';
import { int, multipartForm, str } from './params.js';
import type { FakeSlackState } from './state.js';
import type { FakeSlackMessage, FakeSlackUpload, PendingUpload } from './types.js';

/**
 * The files.uploadV2 flow: files.getUploadURLExternal hands out an upload URL on this server,
 * the bytes are POSTed there, files.completeUploadExternal records them in `uploads` and, when
 * shared to a channel, posts the file message.
 */
export function registerFileMethods(core: FakeSlackCore): void {
  const { state } = core;
  core.method('files.getUploadURLExternal', (params) => {
    const filename = str(params.filename);
    if (filename === undefined || filename === '') fail('invalid_arguments');
    const fileId = state.nextId('F');
    const pending: PendingUpload = { file_id: fileId, filename, length: int(params.length, 0) };
    const snippetType = str(params.snippet_type);
    if (snippetType !== undefined) pending.snippet_type = snippetType;
    const altText = str(params.alt_text);
    if (altText !== undefined) pending.alt_text = altText;
    state.pendingUploads.set(fileId, pending);
    return { ok: true, upload_url: `${state.origin}/upload/${fileId}`, file_id: fileId };
  });
  core.method('files.completeUploadExternal', (params) => completeUploads(state, params));
  core.route('/upload/', async (req, res, url, raw) => {
    const pending = state.pendingUploads.get(decodeURIComponent(url.pathname.slice('/upload/'.length)));
    if (!pending) {
      send(res, 404, 'unknown upload url');
      return;
    }
    pending.content = await uploadBytes(req, raw);
    send(res, 200, `OK - ${pending.content.length}`);
  });
}

function completeUploads(state: FakeSlackState, params: Record<string, unknown>): Record<string, unknown> {
  const files = params.files;
  if (!Array.isArray(files) || files.length === 0) fail('invalid_arguments');
  const completed = files.map((file) => completedUpload(state, params, file));
  for (const upload of completed) state.pendingUploads.delete(upload.file_id);
  state.uploads.push(...completed);
  const fileObjects = completed.map((u) => ({
    id: u.file_id,
    name: u.filename,
    title: u.title ?? u.filename,
    size: u.content.length,
    permalink: `https://team.slack.com/files/${state.botUserId}/${u.file_id}/${u.filename}`,
  }));
  const channel = str(params.channel_id);
  if (channel !== undefined) {
    const message: FakeSlackMessage = {
      type: 'message',
      channel: state.channelId(channel),
      ts: state.nextTs(),
      text: str(params.initial_comment) ?? '',
      user: state.botUserId,
      bot_id: state.botId,
      files: fileObjects,
      upload: true,
    };
    const threadTs = str(params.thread_ts);
    if (threadTs !== undefined) message.thread_ts = threadTs;
    state.messages.insert(message);
  }
  return { ok: true, files: fileObjects };
}

/** One entry of `files` completed: its uploaded bytes, fails `file_not_found` when none were uploaded. */
function completedUpload(state: FakeSlackState, params: Record<string, unknown>, file: unknown): FakeSlackUpload {
  const id = isRecord(file) ? str(file.id) : undefined;
  const pending = id === undefined ? undefined : state.pendingUploads.get(id);
  if (!pending?.content) fail('file_not_found', { file_id: id });
  const upload: FakeSlackUpload = {
    file_id: pending.file_id,
    filename: pending.filename,
    length: pending.length,
    content: pending.content,
    text: pending.content.toString('utf8'),
  };
  const title = isRecord(file) ? str(file.title) : undefined;
  if (title !== undefined) upload.title = title;
  const channel = str(params.channel_id);
  if (channel !== undefined) upload.channel_id = state.channelId(channel);
  const threadTs = str(params.thread_ts);
  if (threadTs !== undefined) upload.thread_ts = threadTs;
  const initialComment = str(params.initial_comment);
  if (initialComment !== undefined) upload.initial_comment = initialComment;
  if (pending.snippet_type !== undefined) upload.snippet_type = pending.snippet_type;
  if (pending.alt_text !== undefined) upload.alt_text = pending.alt_text;
  return upload;
}

/** The bytes of an upload: the body, or the first file (else the first field) of a multipart body. */
async function uploadBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().includes('multipart/form-data')) return raw;
  const form = await multipartForm(req, raw);
  for (const [, value] of form.entries()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  for (const [, value] of form.entries()) return Buffer.from(String(value));
  return Buffer.alloc(0);
}
