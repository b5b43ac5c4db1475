import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RunToolCallRow } from '../../src/db/schema.js';
import { recordedContextOf } from '../../src/runs/run-context.js';
import { recordedTools } from '../../src/supervision/recorded-tools.js';

function call(n: number, overrides: Partial<RunToolCallRow>): RunToolCallRow {
  return {
    run_id: 'r',
    n,
    server: 'crm',
    tool: 'search',
    arguments: {},
    duration_ms: 5,
    result_chars: 0,
    error: null,
    refused: false,
    result: null,
    called_at: new Date(),
    ...overrides,
  };
}

const crmSearch = { server: 'crm', tool: 'search' };

describe('recordedTools: a replay is served from the record', () => {
  it('matches server.tool and arguments in any key order, serves alike calls in order, then the last again', async () => {
    const { execute, use } = recordedTools([
      call(1, { arguments: { q: 'ada', limit: 5 }, result: 'first', result_chars: 5 }),
      call(2, { arguments: { q: 'ada', limit: 5 }, result: 'second', result_chars: 6 }),
      call(3, { arguments: { q: 'bob' }, result: 'backend down', error: 'backend down', result_chars: 12 }),
    ]);
    expect(await execute(crmSearch, { limit: 5, q: 'ada' })).toEqual({ isError: false, text: 'first', totalChars: 5 });
    expect(await execute(crmSearch, { q: 'ada', limit: 5 })).toEqual({ isError: false, text: 'second', totalChars: 6 });
    expect(await execute(crmSearch, { q: 'ada', limit: 5 })).toMatchObject({ text: 'second' });
    // An error result is given back as the error it was.
    expect(await execute(crmSearch, { q: 'bob' })).toEqual({ isError: true, text: 'backend down', totalChars: 12 });
    expect(use).toEqual({ served: 4, unrecorded: [] });
  });

  it('answers any other call, a refused one, or one recorded without its result, as not recorded', async () => {
    const { execute, use } = recordedTools([
      call(1, { arguments: { q: 'ada' }, result: null }),
      call(2, { tool: 'delete', refused: true, result: null }),
    ]);
    for (const [tool, args] of [
      [crmSearch, { q: 'ada' }],
      [crmSearch, { q: 'eve' }],
      [{ server: 'crm', tool: 'delete' }, {}],
      [{ server: 'docs', tool: 'search' }, { q: 'ada' }],
    ] as const) {
      const result = await execute(tool, args);
      expect(result.isError).toBe(true);
      expect(result.text).toMatch(/^Not recorded: .* a replay calls no tool server/);
    }
    expect(use).toEqual({
      served: 0,
      unrecorded: ['crm.search', 'crm.search', 'crm.delete', 'docs.search'],
    });
  });
});

describe('recordedContextOf: what a run keeps of its context', () => {
  it('keeps history and text files as given, PDFs and images by name, size and SHA-256 only', () => {
    const pdf = Buffer.from('%PDF-1.7 …');
    const recorded = recordedContextOf({
      history: [{ user: 'Bob', text: 'hello' }],
      attachments: [
        { kind: 'text', name: 'a.csv', text: 'x,y', cut: { totalChars: 90_000 } },
        { kind: 'pdf', name: 'invoice.pdf', base64: pdf.toString('base64') },
        { kind: 'image', name: 'shot.png', mediaType: 'image/png', base64: Buffer.from('png').toString('base64') },
      ],
      readTools: [{ server: 'crm', tool: 'search', inputSchema: { type: 'object' } }],
    });
    expect(recorded).toEqual({
      history: [{ user: 'Bob', text: 'hello' }],
      attachments: [
        { kind: 'text', name: 'a.csv', text: 'x,y', cut: { totalChars: 90_000 } },
        {
          kind: 'pdf',
          name: 'invoice.pdf',
          mediaType: 'application/pdf',
          bytes: pdf.length,
          sha256: createHash('sha256').update(pdf).digest('hex'),
        },
        {
          kind: 'image',
          name: 'shot.png',
          mediaType: 'image/png',
          bytes: 3,
          sha256: createHash('sha256').update('png').digest('hex'),
        },
      ],
      readTools: [{ server: 'crm', tool: 'search', inputSchema: { type: 'object' } }],
    });
    expect(JSON.stringify(recorded)).not.toContain(pdf.toString('base64'));
  });
});
