import { describe, expect, it } from 'vitest';
import { checkContent } from '../../src/attachments/check-content.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const GIF = Buffer.from('GIF89a\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const limits = { maxTextChars: 20, maxImageBytes: 100 };

describe('checkContent', () => {
  it('gives a PDF and each image format as base64 when the bytes are what the file claims', () => {
    expect(checkContent('a.pdf', { kind: 'pdf', mediaType: 'application/pdf' }, PDF, limits)).toEqual({
      ok: true,
      attachment: { kind: 'pdf', name: 'a.pdf', base64: PDF.toString('base64') },
    });
    for (const [mediaType, bytes] of [
      ['image/png', PNG],
      ['image/jpeg', JPEG],
      ['image/gif', GIF],
      ['image/webp', WEBP],
    ] as const) {
      expect(checkContent('i', { kind: 'image', mediaType }, bytes, limits)).toEqual({
        ok: true,
        attachment: { kind: 'image', name: 'i', mediaType, base64: bytes.toString('base64') },
      });
    }
  });

  it('skips a "PDF" or an image whose bytes are something else (a web page, another format)', () => {
    const page = Buffer.from('<!DOCTYPE html><html>Sign in to Slack</html>');
    expect(checkContent('a.pdf', { kind: 'pdf', mediaType: 'application/pdf' }, page, limits)).toEqual({
      ok: false,
      skipped: { name: 'a.pdf', reason: 'content_mismatch', detail: 'a PDF' },
    });
    expect(checkContent('p.png', { kind: 'image', mediaType: 'image/png' }, JPEG, limits)).toEqual({
      ok: false,
      skipped: { name: 'p.png', reason: 'content_mismatch', detail: 'a PNG image' },
    });
    expect(checkContent('w.webp', { kind: 'image', mediaType: 'image/webp' }, Buffer.from('RIFF'), limits).ok).toBe(
      false,
    );
  });

  it('skips an image larger than the API takes', () => {
    const big = Buffer.concat([PNG, Buffer.alloc(100)]);
    expect(checkContent('big.png', { kind: 'image', mediaType: 'image/png' }, big, limits)).toEqual({
      ok: false,
      skipped: { name: 'big.png', reason: 'image_too_large' },
    });
  });

  it('reads text as UTF-8 (without a byte order mark), and cuts it at the character cap saying so', () => {
    expect(checkContent('a.csv', { kind: 'text' }, Buffer.from('\uFEFFa,b\n1,2\n'), limits)).toEqual({
      ok: true,
      attachment: { kind: 'text', name: 'a.csv', text: 'a,b\n1,2\n' },
    });
    expect(checkContent('long.md', { kind: 'text' }, Buffer.from('x'.repeat(25)), limits)).toEqual({
      ok: true,
      attachment: { kind: 'text', name: 'long.md', text: 'x'.repeat(20), cut: { totalChars: 25 } },
    });
  });

  it('skips a text file that is not UTF-8 text', () => {
    expect(checkContent('latin1.txt', { kind: 'text' }, Buffer.from([0x63, 0x61, 0x66, 0xe9]), limits)).toEqual({
      ok: false,
      skipped: { name: 'latin1.txt', reason: 'not_text' },
    });
    expect(checkContent('bin.txt', { kind: 'text' }, Buffer.from([0x41, 0, 0x42]), limits).ok).toBe(false);
  });
});
