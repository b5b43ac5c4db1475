import { describe, expect, it } from 'vitest';
import { parseAttachmentRefs } from '../../src/attachments/attachment-ref.js';
import { attachmentRefsOf } from '../../src/attachments/slack-file.js';

describe('attachmentRefsOf', () => {
  it('keeps what a run needs of each file of an event, whatever else Slack sent', () => {
    const refs = attachmentRefsOf([
      {
        id: 'F0INVOICE',
        created: 1700000000,
        name: 'invoice.pdf',
        title: 'Invoice',
        mimetype: 'application/pdf',
        filetype: 'pdf',
        pretty_type: 'PDF',
        user: 'U1',
        size: 12345,
        mode: 'hosted',
        is_external: false,
        url_private: 'https://files.slack.com/files-pri/T1-F0INVOICE/invoice.pdf',
        url_private_download: 'https://files.slack.com/files-pri/T1-F0INVOICE/download/invoice.pdf',
        thumb_pdf: 'https://files.slack.com/…',
        preview: null,
      },
      { id: 'F0NONAME', title: 'Pasted', size: null, url_private_download: 'https://files.slack.com/d/x' },
    ]);
    expect(refs).toEqual([
      {
        id: 'F0INVOICE',
        name: 'invoice.pdf',
        mimetype: 'application/pdf',
        filetype: 'pdf',
        size: 12345,
        url: 'https://files.slack.com/files-pri/T1-F0INVOICE/invoice.pdf',
      },
      {
        id: 'F0NONAME',
        name: 'Pasted',
        mimetype: null,
        filetype: null,
        size: null,
        url: 'https://files.slack.com/d/x',
      },
    ]);
  });

  it('never keeps a link the bot token must not go to: external, deleted or hidden files, other schemes', () => {
    const refs = attachmentRefsOf([
      { id: 'F1', name: 'drive.pdf', is_external: true, url_private: 'https://docs.example.com/d/1' },
      { id: 'F2', name: 'gone.pdf', mode: 'tombstone', url_private: 'https://files.slack.com/x' },
      { id: 'F3', name: 'old.pdf', mode: 'hidden_by_limit', url_private: 'https://files.slack.com/y' },
      { id: 'F4', name: 'x.pdf', url_private: 'file:///etc/passwd' },
      { id: 'F5', file_access: 'check_file_info' },
    ]);
    expect(refs.map((r) => [r.name, r.url])).toEqual([
      ['drive.pdf', null],
      ['gone.pdf', null],
      ['old.pdf', null],
      ['x.pdf', null],
      ['F5', null],
    ]);
  });

  it('leaves out entries that are not files at all, and reads no files from anything but a list', () => {
    expect(attachmentRefsOf([null, 'F1', { name: 'no id' }, { id: '' }])).toEqual([]);
    expect(attachmentRefsOf(undefined)).toEqual([]);
    expect(attachmentRefsOf({ id: 'F1' })).toEqual([]);
  });
});

describe('parseAttachmentRefs', () => {
  it("reads a run's stored references, and anything else as none", () => {
    const refs = attachmentRefsOf([{ id: 'F1', name: 'a.csv', url_private: 'https://files.slack.com/a' }]);
    expect(parseAttachmentRefs(JSON.parse(JSON.stringify(refs)))).toEqual(refs);
    expect(parseAttachmentRefs(null)).toEqual([]);
    expect(parseAttachmentRefs([{ id: 1 }])).toEqual([]);
  });
});
