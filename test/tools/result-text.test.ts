import { describe, expect, it } from 'vitest';
import { resultText } from '../../src/tools/result-text.js';

describe('resultText', () => {
  it('joins text blocks and embedded text resources, and names what it cannot show', () => {
    expect(
      resultText({
        content: [
          { type: 'text', text: 'Ada Lovelace' },
          { type: 'resource', resource: { uri: 'crm://c/1', text: 'plan: Team' } },
          { type: 'resource', resource: { uri: 'crm://c/1.pdf', blob: 'AAAA' } },
          { type: 'image', mimeType: 'image/png', data: 'AAAA' },
          { type: 'resource_link', name: 'invoice', uri: 'crm://invoices/7' },
        ],
      }),
    ).toBe(
      'Ada Lovelace\nplan: Team\n[binary resource crm://c/1.pdf]\n[image (image/png) not shown]\n[link invoice: crm://invoices/7]',
    );
  });

  it('gives structured content as JSON when there is no content', () => {
    expect(resultText({ content: [], structuredContent: { total: 61.5, currency: 'EUR' } })).toBe(
      '{"total":61.5,"currency":"EUR"}',
    );
  });
});
