import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeMrkdwn, mentionUser, oneLine } from '../../src/block-kit/escape-mrkdwn.js';

describe('escaping', () => {
  it('escapes the three mrkdwn control characters so nothing becomes a live mention or link', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> <http://evil|safe>')).toBe(
      '&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;http://evil|safe&gt;',
    );
    expect(escapeMrkdwn('*bold* _it_')).toBe('*bold* _it_');
  });

  it('escapes only "<" for markdown blocks, keeping block quotes and link queries', () => {
    expect(escapeMarkdown('> quote <!here> [x](https://a.b/?q=1&r=2)')).toBe(
      '> quote &lt;!here> [x](https://a.b/?q=1&r=2)',
    );
  });

  it('mentions well-formed user ids only', () => {
    expect(mentionUser('U123ABC')).toBe('<@U123ABC>');
    expect(mentionUser('W0ENTERPRISE1')).toBe('<@W0ENTERPRISE1>');
    expect(mentionUser('U1> <!channel')).toBe('U1&gt; &lt;!channel');
  });

  it('collapses whitespace to one line', () => {
    expect(oneLine('  a\n\tb   c \r\n')).toBe('a b c');
  });
});
