import { describe, expect, it } from 'vitest';
import { ATTACHMENT_LIMITS } from '../../src/attachments/attachment-limits.js';
import type { AttachmentRef } from '../../src/attachments/attachment-ref.js';
import type { AttachmentSource, Download } from '../../src/attachments/attachment-source.js';
import { readAttachments } from '../../src/runs/read-attachments.js';

const MB = 1024 * 1024;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n', 'latin1');

function file(name: string, mimetype: string, size: number | null = 100): AttachmentRef {
  return { id: `F-${name}`, name, mimetype, filetype: null, size, url: `http://127.0.0.1:1/files/${name}` };
}

/** A source that answers by file name, recording what it was asked for and with which cap. */
function sourceOf(answers: Record<string, Download>) {
  const asked: Array<{ name: string; maxBytes: number }> = [];
  const source: AttachmentSource = {
    async download(ref, { maxBytes }) {
      asked.push({ name: ref.name, maxBytes });
      const answer = answers[ref.name] ?? { ok: false, problem: 'unknown file' };
      if (answer.ok && answer.bytes.length > maxBytes) return { ok: false, tooLarge: true };
      return answer;
    },
  };
  return { source, asked };
}

const signal = new AbortController().signal;

describe('readAttachments', () => {
  it('gives the files that downloaded and skips, without failing, the one that did not', async () => {
    const { source } = sourceOf({
      'invoice.pdf': { ok: true, bytes: PDF },
      'gone.pdf': { ok: false, problem: 'Slack answered 404' },
      'data.csv': { ok: true, bytes: Buffer.from('sku,qty\nA-1,3\n') },
    });
    const read = await readAttachments(
      source,
      [file('invoice.pdf', 'application/pdf'), file('gone.pdf', 'application/pdf'), file('data.csv', 'text/csv')],
      ATTACHMENT_LIMITS,
      signal,
    );
    expect(read.attachments).toEqual([
      { kind: 'pdf', name: 'invoice.pdf', base64: PDF.toString('base64') },
      { kind: 'text', name: 'data.csv', text: 'sku,qty\nA-1,3\n' },
    ]);
    expect(read.report).toEqual({
      read: [{ name: 'invoice.pdf' }, { name: 'data.csv' }],
      skipped: [{ name: 'gone.pdf', reason: 'download_failed', detail: 'Slack answered 404' }],
    });
  });

  it('holds the caps on the bytes downloaded, whatever size Slack declared', async () => {
    const pdf = (mb: number) => Buffer.concat([PDF, Buffer.alloc(mb * MB)]);
    const csv = (mb: number) => Buffer.alloc(mb * MB, 'a');
    const { source, asked } = sourceOf({
      'lies.pdf': { ok: true, bytes: pdf(10) },
      'a.csv': { ok: true, bytes: csv(9) },
      'b.csv': { ok: true, bytes: csv(9) },
      'c.csv': { ok: true, bytes: csv(9) },
      'd.csv': { ok: true, bytes: csv(4) },
    });
    const read = await readAttachments(
      source,
      [
        file('lies.pdf', 'application/pdf', 1000),
        ...['a', 'b', 'c', 'd'].map((n) => file(`${n}.csv`, 'text/csv', 1000)),
      ],
      ATTACHMENT_LIMITS,
      signal,
    );
    expect(read.report.read.map((r) => r.name)).toEqual(['a.csv', 'b.csv', 'c.csv']);
    expect(read.report.skipped).toEqual([
      { name: 'lies.pdf', reason: 'too_large' },
      { name: 'd.csv', reason: 'total_too_large' },
    ]);
    expect(asked.map((a) => a.maxBytes)).toEqual([10 * MB, 10 * MB, 10 * MB, 10 * MB, 3 * MB]);
  });

  it('skips what would take the model request over its size, counting PDFs and images as base64', async () => {
    const { source } = sourceOf({
      'a.pdf': { ok: true, bytes: Buffer.concat([PDF, Buffer.alloc(9 * MB)]) },
      'b.pdf': { ok: true, bytes: Buffer.concat([PDF, Buffer.alloc(9 * MB)]) },
      'c.csv': { ok: true, bytes: Buffer.from('a,b\n') },
    });
    const read = await readAttachments(
      source,
      [file('a.pdf', 'application/pdf', 10), file('b.pdf', 'application/pdf', 10), file('c.csv', 'text/csv', 4)],
      ATTACHMENT_LIMITS,
      signal,
    );
    expect(read.report).toEqual({
      read: [{ name: 'a.pdf' }, { name: 'c.csv' }],
      skipped: [{ name: 'b.pdf', reason: 'request_too_large' }],
    });
  });

  it('skips every file when there is nowhere to download from (the CLI), and a file that is not what it claims', async () => {
    expect(
      (await readAttachments(undefined, [file('a.pdf', 'application/pdf')], ATTACHMENT_LIMITS, signal)).report,
    ).toEqual({
      read: [],
      skipped: [{ name: 'a.pdf', reason: 'download_failed', detail: 'no Slack connection here' }],
    });
    const { source } = sourceOf({ 'scan.png': { ok: true, bytes: PDF } });
    expect((await readAttachments(source, [file('scan.png', 'image/png')], ATTACHMENT_LIMITS, signal)).report).toEqual({
      read: [],
      skipped: [{ name: 'scan.png', reason: 'content_mismatch', detail: 'a PNG image' }],
    });
  });

  it("notes a text file that was cut, and throws the run's timeout rather than skipping", async () => {
    const { source } = sourceOf({ 'big.csv': { ok: true, bytes: Buffer.from('x'.repeat(300_000)) } });
    const read = await readAttachments(source, [file('big.csv', 'text/csv')], ATTACHMENT_LIMITS, signal);
    expect(read.report.read).toEqual([{ name: 'big.csv', note: 'first 200,000 characters' }]);

    const controller = new AbortController();
    const timeout = new Error('the agent took longer than its limit');
    const aborting: AttachmentSource = {
      async download() {
        controller.abort(timeout);
        return { ok: false, problem: 'aborted' };
      },
    };
    await expect(
      readAttachments(aborting, [file('a.pdf', 'application/pdf')], ATTACHMENT_LIMITS, controller.signal),
    ).rejects.toBe(timeout);
  });

  it('completes a file the event named only by id, and skips it when that fails or cannot be asked', async () => {
    const { source } = sourceOf({ 'po.csv': { ok: true, bytes: Buffer.from('po\n1\n') } });
    source.complete = async (ref) =>
      ref.id === 'F1'
        ? { ok: true, ref: file('po.csv', 'text/csv') }
        : { ok: false, problem: 'Slack refused files.info (file_not_found).' };
    const incomplete = (id: string): AttachmentRef => ({
      id,
      name: id,
      mimetype: null,
      filetype: null,
      size: null,
      url: null,
      incomplete: true,
    });
    const read = await readAttachments(source, [incomplete('F1'), incomplete('F2')], ATTACHMENT_LIMITS, signal);
    expect(read.attachments).toEqual([{ kind: 'text', name: 'po.csv', text: 'po\n1\n' }]);
    expect(read.report.skipped).toEqual([
      { name: 'F2', reason: 'download_failed', detail: 'Slack refused files.info (file_not_found).' },
    ]);
    const local = sourceOf({}).source;
    expect((await readAttachments(local, [incomplete('F3')], ATTACHMENT_LIMITS, signal)).report.skipped).toEqual([
      { name: 'F3', reason: 'not_downloadable' },
    ]);
  });
});
