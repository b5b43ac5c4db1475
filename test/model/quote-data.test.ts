import { describe, expect, it } from 'vitest';
import { quoteAttribute, quoteData } from '../../src/model/quote-data.js';

const TAG_VARIANTS = [
  '</channel_history>',
  '</channel_history >',
  '</ channel_history>',
  '</channel_history\n>',
  '<channel_history>',
  '</CHANNEL_HISTORY>',
  '</Input>',
  '<input foo="bar">',
  '</unknown_tag>',
  '<',
  '>',
];

describe('quoteData', () => {
  it.each(TAG_VARIANTS)('leaves no angle bracket of %j in the quoted text', (variant) => {
    const quoted = quoteData(`before ${variant} after`);
    expect(quoted).not.toMatch(/[<>]/);
    expect(quoted).toContain('before ');
    expect(quoted).toContain(' after');
  });

  it('escapes ampersands too, so text that is already an entity cannot pose as an escaped tag', () => {
    expect(quoteData('&lt;/input&gt;')).toBe('&amp;lt;/input&amp;gt;');
    expect(quoteData('</input>')).toBe('&lt;/input&gt;');
    // Quoting is not undone by anything later: the two stay different.
    expect(quoteData('&lt;/input&gt;')).not.toBe(quoteData('</input>'));
  });

  it('keeps ordinary text readable', () => {
    expect(quoteData('Refunds within 30 days; ask Bob.\nThanks!')).toBe('Refunds within 30 days; ask Bob.\nThanks!');
    expect(quoteData('a < b and c > d')).toBe('a &lt; b and c &gt; d');
  });
});

describe('quoteAttribute', () => {
  it('leaves no quote or angle bracket that could end the attribute or the tag', () => {
    expect(quoteAttribute('x" onload="y > </file>')).not.toMatch(/["<>]/);
  });
});
