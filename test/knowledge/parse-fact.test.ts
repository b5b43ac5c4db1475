import { describe, expect, it } from 'vitest';
import { parseFact } from '../../src/knowledge/parse-fact.js';

const parse = (text: string) => parseFact(text, '/k/refund-policy.md', 'refund-policy', 'h');

describe('parseFact', () => {
  it('reads the header and the fact, with verify_every defaulting to 90 days', () => {
    const parsed = parse(
      '---\ntitle: Refund policy\nowner: "@support-leads"\n---\n\nRefunds within 30 days.\n\n- Keep receipts.\n',
    );
    expect(parsed).toEqual({
      ok: true,
      fact: {
        id: 'refund-policy',
        file: '/k/refund-policy.md',
        title: 'Refund policy',
        owner: '@support-leads',
        verifyEveryMs: 90 * 86_400_000,
        body: 'Refunds within 30 days.\n\n- Keep receipts.',
        hash: 'h',
      },
    });
  });

  it('takes a user ID as owner and a duration for verify_every', () => {
    const parsed = parse('---\ntitle: Prices\nowner: U012ABCDEF\nverify_every: 30d\n---\nEUR 10.\n');
    expect(parsed.ok && parsed.fact).toMatchObject({ owner: 'U012ABCDEF', verifyEveryMs: 30 * 86_400_000 });
  });

  it('reports each header problem at its line in the file', () => {
    const parsed = parse('---\ntitle: ""\nowner: support-leads\nverify_every: soon\ncolour: red\n---\nText.\n');
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'title', line: 2, message: 'is empty: give the fact a title' },
        {
          path: 'owner',
          line: 3,
          message: '"support-leads" is neither a user ID (U012ABCDEF) nor a user-group handle (@support-leads)',
        },
        expect.objectContaining({
          path: 'verify_every',
          line: 4,
          message: expect.stringContaining('"soon" is not a duration'),
        }),
        { path: 'colour', line: 5, message: 'unknown field "colour" (a header holds title, owner and verify_every)' },
      ]),
    );
  });

  it('says what is missing: the header, its end, a required field, the fact itself', () => {
    const problemsOf = (text: string) => {
      const parsed = parse(text);
      return parsed.ok ? [] : parsed.problems.map((p) => `${p.line}: ${p.message}`);
    };
    expect(problemsOf('Refunds within 30 days.')).toEqual([
      '1: a fact file starts with a header between --- lines (title, owner, verify_every), then the fact',
    ]);
    expect(problemsOf('---\ntitle: x\n')).toEqual(['1: the header opened by --- on line 1 is never closed by ---']);
    expect(problemsOf('---\ntitle: Refunds\n---\nText.')).toEqual(['2: required field is missing']);
    expect(problemsOf('---\ntitle: Refunds\nowner: U012ABCDEF\n---\n\n')).toEqual([
      '4: the fact itself is missing: write it after the header',
    ]);
    expect(problemsOf('---\ntitle: [unclosed\n---\nText.')[0]).toMatch(/^2: the header is not valid YAML/);
  });
});
