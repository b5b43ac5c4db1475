import { describe, expect, it } from 'vitest';
import { attachmentKind } from '../../src/attachments/attachment-kind.js';
import { ATTACHMENT_LIMITS } from '../../src/attachments/attachment-limits.js';
import type { AttachmentRef } from '../../src/attachments/attachment-ref.js';
import { describeAttachments } from '../../src/attachments/describe-attachments.js';
import { planAttachments, remainingBytes } from '../../src/attachments/plan-attachments.js';

const MB = 1024 * 1024;

function file(name: string, patch: Partial<AttachmentRef> = {}): AttachmentRef {
  return {
    id: `F${name}`,
    name,
    mimetype: null,
    filetype: null,
    size: 1000,
    url: `https://files.slack.com/files-pri/T1-F/${name}`,
    ...patch,
  };
}

describe('attachmentKind', () => {
  it('reads PDFs, the four image formats and text-like files from the mimetype', () => {
    expect(attachmentKind(file('a', { mimetype: 'application/pdf' }))).toEqual({
      kind: 'pdf',
      mediaType: 'application/pdf',
    });
    for (const [mimetype, mediaType] of [
      ['image/png', 'image/png'],
      ['image/jpeg', 'image/jpeg'],
      ['image/gif', 'image/gif'],
      ['image/webp', 'image/webp'],
    ])
      expect(attachmentKind(file('a', { mimetype }))).toEqual({ kind: 'image', mediaType });
    for (const mimetype of [
      'text/plain',
      'text/markdown',
      'text/csv',
      'application/json',
      'application/x-yaml',
      'text/csv; charset=utf-8',
    ])
      expect(attachmentKind(file('a', { mimetype }))).toEqual({ kind: 'text' });
  });

  it("falls back to Slack's filetype and the file name when the mimetype is generic or missing", () => {
    expect(attachmentKind(file('report', { mimetype: 'application/octet-stream', filetype: 'pdf' }))?.kind).toBe('pdf');
    expect(attachmentKind(file('notes.MD'))).toEqual({ kind: 'text' });
    expect(attachmentKind(file('config.yml', { mimetype: 'application/octet-stream' }))).toEqual({ kind: 'text' });
    expect(attachmentKind(file('photo.jpg'))).toEqual({ kind: 'image', mediaType: 'image/jpeg' });
    // Slack labels files it does not know text/plain: the filetype decides then.
    expect(attachmentKind(file('scan', { mimetype: 'text/plain', filetype: 'pdf' }))?.kind).toBe('pdf');
  });

  it('has no kind for other types: video, office documents, SVG, HTML, archives', () => {
    for (const [mimetype, filetype, name] of [
      ['video/mp4', 'mp4', 'movie.mp4'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx', 'contract.docx'],
      ['image/svg+xml', 'svg', 'logo.svg'],
      ['text/html', 'html', 'page.html'],
      ['application/zip', 'zip', 'all.zip'],
      ['image/tiff', 'tiff', 'scan.tiff'],
    ] as const)
      expect(attachmentKind(file(name, { mimetype, filetype }))).toBeUndefined();
    expect(attachmentKind(file('no-extension'))).toBeUndefined();
  });
});

describe('planAttachments', () => {
  it('reads supported files in message order and skips other types', () => {
    const plan = planAttachments(
      [
        file('invoice.pdf', { mimetype: 'application/pdf' }),
        file('movie.mp4', { mimetype: 'video/mp4' }),
        file('data.csv', { mimetype: 'text/csv' }),
      ],
      ATTACHMENT_LIMITS,
    );
    expect(plan.toRead.map((p) => [p.ref.name, p.kind.kind])).toEqual([
      ['invoice.pdf', 'pdf'],
      ['data.csv', 'text'],
    ]);
    expect(plan.skipped).toEqual([{ name: 'movie.mp4', reason: 'unsupported_type' }]);
  });

  it('skips a file over 10 MB, but not one of exactly 10 MB', () => {
    const plan = planAttachments(
      [file('big.pdf', { size: 10 * MB + 1 }), file('edge.pdf', { size: 10 * MB })],
      ATTACHMENT_LIMITS,
    );
    expect(plan.toRead.map((p) => p.ref.name)).toEqual(['edge.pdf']);
    expect(plan.skipped).toEqual([{ name: 'big.pdf', reason: 'too_large' }]);
  });

  it('skips what would take the download total over 30 MB; a smaller file after it still fits', () => {
    const csv = (name: string, size: number) => file(name, { mimetype: 'text/csv', size });
    const plan = planAttachments(
      [csv('a.csv', 10 * MB), csv('b.csv', 10 * MB), csv('c.csv', 9 * MB), csv('d.csv', 2 * MB), csv('e.csv', 1 * MB)],
      ATTACHMENT_LIMITS,
    );
    expect(plan.toRead.map((p) => p.ref.name)).toEqual(['a.csv', 'b.csv', 'c.csv', 'e.csv']);
    expect(plan.skipped).toEqual([{ name: 'd.csv', reason: 'total_too_large' }]);
  });

  it('skips a PDF or image that would take the model request over its size once base64-encoded', () => {
    const plan = planAttachments(
      [
        file('a.pdf', { mimetype: 'application/pdf', size: 9 * MB }),
        file('b.pdf', { mimetype: 'application/pdf', size: 9 * MB }),
        file('c.pdf', { mimetype: 'application/pdf', size: 1 * MB }),
        file('notes.csv', { mimetype: 'text/csv', size: 5 * MB }),
      ],
      ATTACHMENT_LIMITS,
    );
    // 2 x 9 MB of PDF is 24 MB of base64: the files' share of the API's 32 MB a request.
    expect(plan.toRead.map((p) => p.ref.name)).toEqual(['a.pdf', 'b.pdf', 'notes.csv']);
    expect(plan.skipped).toEqual([{ name: 'c.pdf', reason: 'request_too_large' }]);
  });

  it('skips an image over 3.75 MB, the largest the API takes (5 MB of base64)', () => {
    const plan = planAttachments(
      [
        file('photo.jpg', { mimetype: 'image/jpeg', size: 4 * MB }),
        file('small.jpg', { mimetype: 'image/jpeg', size: 3.75 * MB }),
      ],
      ATTACHMENT_LIMITS,
    );
    expect(plan.toRead.map((p) => p.ref.name)).toEqual(['small.jpg']);
    expect(plan.skipped).toEqual([{ name: 'photo.jpg', reason: 'image_too_large' }]);
  });

  it('reads at most 10 files; files of other types do not count', () => {
    const refs = [
      file('clip.mov', { mimetype: 'video/quicktime' }),
      ...Array.from({ length: 12 }, (_, i) => file(`page-${i + 1}.png`, { mimetype: 'image/png' })),
    ];
    const plan = planAttachments(refs, ATTACHMENT_LIMITS);
    expect(plan.toRead).toHaveLength(10);
    expect(plan.toRead.at(-1)?.ref.name).toBe('page-10.png');
    expect(plan.skipped).toEqual([
      { name: 'clip.mov', reason: 'unsupported_type' },
      { name: 'page-11.png', reason: 'too_many' },
      { name: 'page-12.png', reason: 'too_many' },
    ]);
  });

  it('skips a file Slack gives no download link for', () => {
    const plan = planAttachments([file('shared.pdf', { url: null })], ATTACHMENT_LIMITS);
    expect(plan).toEqual({ toRead: [], skipped: [{ name: 'shared.pdf', reason: 'not_downloadable' }] });
  });

  it('leaves a file of unknown size to the download to measure', () => {
    expect(planAttachments([file('x.pdf', { size: null })], ATTACHMENT_LIMITS).toRead).toHaveLength(1);
  });
});

describe('remainingBytes', () => {
  it('is the per-file cap until the total cap is nearer', () => {
    expect(remainingBytes(0, ATTACHMENT_LIMITS)).toBe(10 * MB);
    expect(remainingBytes(20 * MB, ATTACHMENT_LIMITS)).toBe(10 * MB);
    expect(remainingBytes(25 * MB, ATTACHMENT_LIMITS)).toBe(5 * MB);
    expect(remainingBytes(31 * MB, ATTACHMENT_LIMITS)).toBe(0);
  });
});

describe('describeAttachments', () => {
  it('names what was read and what was skipped, with each reason in words', () => {
    expect(
      describeAttachments(
        {
          read: [{ name: 'invoice.pdf' }, { name: 'data.csv', note: 'first 200,000 characters' }],
          skipped: [
            { name: 'movie.mp4', reason: 'unsupported_type' },
            { name: 'big.pdf', reason: 'too_large' },
            { name: 'more.pdf', reason: 'total_too_large' },
            { name: 'p11.png', reason: 'too_many' },
            { name: 'gone.pdf', reason: 'download_failed', detail: 'Slack answered 404' },
            { name: 'fake.png', reason: 'content_mismatch', detail: 'a PNG image' },
            { name: 'bin.txt', reason: 'not_text' },
            { name: 'drive.pdf', reason: 'not_downloadable' },
            { name: 'photo.jpg', reason: 'image_too_large' },
            { name: 'last.pdf', reason: 'request_too_large' },
          ],
        },
        ATTACHMENT_LIMITS,
      ),
    ).toBe(
      'Read: invoice.pdf, data.csv (first 200,000 characters) · Skipped: movie.mp4 (not a PDF, image or text file), ' +
        'big.pdf (over 10 MB), more.pdf (over 30 MB together), p11.png (more than 10 files), ' +
        'gone.pdf (could not be downloaded: Slack answered 404), fake.png (its content is not a PNG image), ' +
        'bin.txt (not readable as UTF-8 text), drive.pdf (Slack gives no download of it), ' +
        'photo.jpg (an image over 3.75 MB, the largest Claude takes), ' +
        'last.pdf (too large to send to Claude together with the files before it)',
    );
    expect(describeAttachments({ read: [{ name: 'a.pdf' }], skipped: [] }, ATTACHMENT_LIMITS)).toBe('Read: a.pdf');
    expect(describeAttachments({ read: [], skipped: [] }, ATTACHMENT_LIMITS)).toBeUndefined();
  });
});
