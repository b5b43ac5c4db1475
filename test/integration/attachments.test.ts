import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelError, type RecordedModelRequest } from '../support/fake-anthropic.js';
import { blocksText } from '../support/find-button.js';
import { appMentionEvent, messageEvent, sendEvent } from '../support/slack-requests.js';
import { DEFAULT_CHANNELS, SIGNING_SECRET, startTestApp, type TestApp } from '../support/start-test-app.js';

const FINANCE = 'C0FINANCE01';
const MB = 1024 * 1024;

const INVOICE_CHECK = `
channels: ["#finance"]
instructions: Check the attached invoice against the purchase order.
triggers:
  message: { match: "invoice", flags: "i" }
  mention: true
artifact: { type: message }
`;

const RECEIPT_LOGGER = `
channels: ["#finance"]
instructions: Log the receipt from the message text only.
triggers:
  message: { match: "receipt", flags: "i" }
context:
  attachments: false
artifact: { type: message }
`;

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
const CSV = 'sku,qty,price\nA-100,3,19.90\n<B-200>,1,5.00\n';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    agents: { 'invoice-check.yaml': INVOICE_CHECK, 'receipt-logger.yaml': RECEIPT_LOGGER },
    slack: { channels: [...DEFAULT_CHANNELS, { id: FINANCE, name: 'finance' }] },
  });
});
afterAll(async () => t?.close());
beforeEach(() => {
  t.slack.reset({ state: false });
  t.model.reset();
  t.model.toolInput = () => ({ text: 'The invoice matches the order.' });
});

/** The review message in #finance (the working message updated with the buttons), after `since` calls. */
function reviewAfter(since = 0) {
  return t.slack.waitForCall(
    'chat.update',
    (p, call) =>
      t.slack.calls.indexOf(call) >= since &&
      p.channel === FINANCE &&
      JSON.stringify(p.blocks ?? []).includes('review_approve'),
  );
}

/** The content blocks of a request's first user turn. */
function userBlocks(request: RecordedModelRequest | undefined): Array<Record<string, unknown>> {
  const content = request?.body.messages?.[0]?.content;
  return Array.isArray(content) ? (content as Array<Record<string, unknown>>) : [];
}

function postWithFiles(text: string, files: Array<Record<string, unknown>>) {
  return sendEvent(t.url, SIGNING_SECRET, messageEvent({ channel: FINANCE, user: 'U0FIN', text, files }));
}

describe('files attached to the message that starts a run', () => {
  it('give the model a PDF as a document block and a CSV as quoted text, downloaded with the bot token', async () => {
    const pdf = t.slack.shareFile({ name: 'invoice.pdf', content: PDF });
    const csv = t.slack.shareFile({ name: 'order.csv', content: CSV });
    await postWithFiles('Invoice from Acme attached', [pdf, csv]);
    const review = await reviewAfter();

    const [request] = t.model.requests;
    const blocks = userBlocks(request);
    expect(blocks.find((b) => b.type === 'document')).toEqual({
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: PDF.toString('base64') },
    });
    const texts = blocks.filter((b) => b.type === 'text').map((b) => String(b.text));
    expect(texts).toContain('<attachment name="invoice.pdf" type="pdf"/>');
    expect(texts).toContain(
      '<attachment name="order.csv" type="text">\nsku,qty,price\nA-100,3,19.90\n&lt;B-200&gt;,1,5.00\n\n</attachment>',
    );
    expect(texts.at(-1)).toBe('<input>\nInvoice from Acme attached\n</input>');

    expect(t.slack.fileDownloads.map((d) => [d.file_id, d.authorization])).toEqual([
      [pdf.id, 'Bearer xoxb-test'],
      [csv.id, 'Bearer xoxb-test'],
    ]);
    expect(blocksText(review.params.blocks)).toContain('📎 Read: invoice.pdf, order.csv');
    expect(blocksText(review.params.blocks)).not.toContain('Skipped');

    // The message is a view of the stored review: decided, it still says what was read.
    await t.click(review, 'Approve', 'U0LEAD');
    const approved = await t.slack.waitForCall(
      'chat.update',
      (p) => p.ts === review.params.ts && blocksText(p.blocks).includes('Approved'),
    );
    expect(blocksText(approved.params.blocks)).toContain('📎 Read: invoice.pdf, order.csv');
  });

  it('skip a file over 10 MB and one of another type, name them in the review with the reason, and read the rest (an image as an image block)', async () => {
    const big = t.slack.shareFile({ name: 'scan.pdf', content: PDF, size: 11 * MB });
    const movie = t.slack.shareFile({ name: 'walkthrough.mp4', content: 'not really a movie' });
    const pdf = t.slack.shareFile({ name: 'invoice.pdf', content: PDF });
    const photo = t.slack.shareFile({ name: 'receipt.png', content: PNG });
    await postWithFiles('invoice and a screen recording', [big, movie, pdf, photo]);
    const review = await reviewAfter();

    expect(blocksText(review.params.blocks)).toContain(
      '📎 Read: invoice.pdf, receipt.png · Skipped: scan.pdf (over 10 MB), walkthrough.mp4 (not a PDF, image or text file)',
    );
    // Nothing is downloaded that is skipped anyway.
    expect(t.slack.fileDownloads.map((d) => d.file_id)).toEqual([pdf.id, photo.id]);
    const blocks = userBlocks(t.model.requests[0]);
    expect(blocks.filter((b) => b.type === 'document')).toHaveLength(1);
    expect(blocks.find((b) => b.type === 'image')).toEqual({
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG.toString('base64') },
    });
  });

  it('skip a file whose download fails, without failing the run', async () => {
    const broken = t.slack.shareFile({ name: 'invoice.pdf', content: PDF, status: 500 });
    const csv = t.slack.shareFile({ name: 'order.csv', content: CSV });
    await postWithFiles('invoice attached', [broken, csv]);
    const review = await reviewAfter();

    expect(blocksText(review.params.blocks)).toContain(
      '📎 Read: order.csv · Skipped: invoice.pdf (could not be downloaded: Slack answered 500)',
    );
    const blocks = userBlocks(t.model.requests[0]);
    expect(blocks.some((b) => b.type === 'document')).toBe(false);
    expect(JSON.stringify(blocks)).toContain('A-100,3,19.90');
    expect(t.slack.callsTo('chat.update').some((c) => String(c.params.text).startsWith('Run failed'))).toBe(false);
  });

  it('look up a file the event names only by id (Slack Connect) with files.info, then read it', async () => {
    const pdf = t.slack.shareFile({ name: 'supplier-invoice.pdf', content: PDF });
    await postWithFiles('invoice from our supplier in a shared channel', [
      { id: pdf.id, file_access: 'check_file_info', created: 1_700_000_000, timestamp: 1_700_000_000, user: 'U0EXT' },
    ]);
    const review = await reviewAfter();

    expect(t.slack.callsTo('files.info').map((c) => c.params.file)).toEqual([pdf.id]);
    expect(userBlocks(t.model.requests[0]).find((b) => b.type === 'document')).toMatchObject({
      source: { data: PDF.toString('base64') },
    });
    expect(blocksText(review.params.blocks)).toContain('📎 Read: supplier-invoice.pdf');
  });

  it('are neither downloaded nor sent with context.attachments: false', async () => {
    const pdf = t.slack.shareFile({ name: 'receipt.pdf', content: PDF });
    await postWithFiles('Receipt for the team lunch', [pdf]);
    const review = await reviewAfter();

    expect(t.model.requests).toHaveLength(1);
    expect(typeof t.model.requests[0]?.body.messages?.[0]?.content).toBe('string');
    expect(t.slack.fileDownloads).toEqual([]);
    expect(blocksText(review.params.blocks)).not.toContain('📎');
  });

  it('reach the model from a mention too, and a Retry of a failed run downloads the same files again', async () => {
    const pdf = t.slack.shareFile({ name: 'invoice-7.pdf', content: PDF });
    t.model.enqueue(modelError(500));
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      appMentionEvent({ channel: FINANCE, user: 'U0FIN', text: 'invoice-check please check this', files: [pdf] }),
    );
    const failed = await t.slack.waitForCall('chat.update', (p) => String(p.text).startsWith('Run failed: '));
    const since = t.slack.calls.length;
    await t.click(failed, 'Retry', 'U0FIN');
    const review = await reviewAfter(since);

    expect(t.model.requests).toHaveLength(2);
    for (const request of t.model.requests)
      expect(userBlocks(request).find((b) => b.type === 'document')).toMatchObject({
        source: { data: PDF.toString('base64') },
      });
    expect(t.slack.fileDownloads.map((d) => d.file_id)).toEqual([pdf.id, pdf.id]);
    expect(blocksText(review.params.blocks)).toContain('📎 Read: invoice-7.pdf');
  });

  it('are read again by a Revise, whose version 2 names them too', async () => {
    t.model.toolInput = (_request, tool) =>
      tool.name === 'record_correction'
        ? { target: null, kind: 'fact', instruction: 'Compare the VAT too.' }
        : { text: 'The invoice matches the order.' };
    const pdf = t.slack.shareFile({ name: 'invoice-9.pdf', content: PDF });
    const event = messageEvent({ channel: FINANCE, user: 'U0FIN', text: 'invoice attached', files: [pdf] });
    await sendEvent(t.url, SIGNING_SECRET, event);
    await reviewAfter();
    await sendEvent(
      t.url,
      SIGNING_SECRET,
      messageEvent({ channel: FINANCE, user: 'U0LEAD', text: 'Check the VAT as well.', thread_ts: String(event.ts) }),
    );
    const ack = await t.slack.waitForCall('chat.postMessage', (p) =>
      JSON.stringify(p.blocks ?? []).includes('correction_revise'),
    );
    const since = t.slack.calls.length;
    await t.click(ack, 'Revise', 'U0LEAD');
    const v2 = await reviewAfter(since);

    const artifactRequests = t.model.requests.filter((r) => r.body.tool_choice?.name === 'submit_artifact');
    expect(artifactRequests).toHaveLength(2);
    expect(userBlocks(artifactRequests[1]).find((b) => b.type === 'document')).toMatchObject({
      source: { data: PDF.toString('base64') },
    });
    expect(blocksText(v2.params.blocks)).toContain('version 2');
    expect(blocksText(v2.params.blocks)).toContain('📎 Read: invoice-9.pdf');
  });
});
