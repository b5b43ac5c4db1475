import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttachmentRef } from '../../src/attachments/attachment-ref.js';
import { attachmentRefsOf } from '../../src/attachments/slack-file.js';
import { createSlackFileSource } from '../../src/slack/slack-file-source.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';

let slack: FakeSlack;
beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(async () => slack?.close());

/** A Web API client of the fake, as the app's (files.info for files an event names only by id). */
const client = () => new WebClient('xoxb-real', { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
const options = { maxBytes: 1000, signal: new AbortController().signal };

function refOf(file: Record<string, unknown>): AttachmentRef & { url: string } {
  return {
    id: String(file.id),
    name: String(file.name),
    mimetype: null,
    filetype: null,
    size: null,
    url: String(file.url_private),
  };
}

describe('createSlackFileSource', () => {
  it('downloads url_private with the bot token', async () => {
    const file = slack.shareFile({ name: 'a.csv', content: 'a,b\n' });
    const download = await createSlackFileSource('xoxb-real', client()).download(refOf(file), options);
    expect(download).toEqual({ ok: true, bytes: Buffer.from('a,b\n') });
    expect(slack.fileDownloads.at(-1)?.authorization).toBe('Bearer xoxb-real');
  });

  it("refuses Slack's sign-in page (what a token without files:read gets) as the file", async () => {
    const file = slack.shareFile({ name: 'a.csv', content: 'a,b\n' });
    expect(await createSlackFileSource('', client()).download(refOf(file), options)).toEqual({
      ok: false,
      problem: 'Slack sent a web page instead of the file (is the files:read scope granted?)',
    });
  });

  it('says what went wrong: an error status, an unreachable host', async () => {
    const file = slack.shareFile({ name: 'gone.pdf', content: '%PDF-', status: 404 });
    expect(await createSlackFileSource('xoxb-real', client()).download(refOf(file), options)).toEqual({
      ok: false,
      problem: 'Slack answered 404',
    });
    const nowhere = { ...refOf(file), url: 'http://127.0.0.1:1/files-pri/x' };
    const download = await createSlackFileSource('xoxb-real', client()).download(nowhere, options);
    expect(download.ok === false && 'problem' in download && download.problem).toMatch(/^Slack could not be reached/);
  });

  it('stops reading past maxBytes', async () => {
    const file = slack.shareFile({ name: 'big.pdf', content: Buffer.alloc(5000) });
    expect(await createSlackFileSource('xoxb-real', client()).download(refOf(file), options)).toEqual({
      ok: false,
      tooLarge: true,
    });
  });

  it('looks up a file the event named only by id (Slack Connect) with files.info, and says when Slack will not tell', async () => {
    const shared = slack.shareFile({ name: 'po.csv', content: 'po,amount\n' });
    const source = createSlackFileSource('xoxb-real', client());
    const [incomplete] = attachmentRefsOf([{ id: shared.id, file_access: 'check_file_info' }]);
    expect(incomplete).toMatchObject({ name: shared.id, url: null, incomplete: true });
    const completed = await source.complete?.(incomplete!, options.signal);
    expect(completed).toEqual({
      ok: true,
      ref: { id: shared.id, name: 'po.csv', mimetype: 'text/csv', filetype: 'csv', size: 10, url: shared.url_private },
    });
    expect(await source.complete?.({ ...incomplete!, id: 'F0NOTHERE' }, options.signal)).toEqual({
      ok: false,
      problem: 'Slack refused files.info (file_not_found).',
    });
  });
});
