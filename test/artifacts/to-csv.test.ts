import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/artifacts/to-csv.js';

describe('toCsv (RFC 4180)', () => {
  it('writes a header and rows in column order with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [{ b: '2', a: '1' }])).toBe('a,b\r\n1,2\r\n');
  });

  it('quotes fields with commas, quotes, CR or LF and doubles inner quotes', () => {
    expect(toCsv(['v'], [{ v: 'x,y' }, { v: 'say "hi"' }, { v: 'a\nb' }, { v: 'a\rb' }, { v: ' spaced ' }])).toBe(
      'v\r\n"x,y"\r\n"say ""hi"""\r\n"a\nb"\r\n"a\rb"\r\n spaced \r\n',
    );
  });

  it('quotes header fields too and leaves missing values empty', () => {
    expect(toCsv(['first, name', 'n'], [{ n: '1' }])).toBe('"first, name",n\r\n,1\r\n');
  });

  it('writes only the header for no rows', () => {
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });
});
