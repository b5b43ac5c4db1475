import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/specs/interpolate.js';

describe('interpolate', () => {
  it('replaces ${VAR} in every string, however deep, and leaves other values alone', () => {
    const input = {
      url: '${HOST}/hook',
      list: ['a ${NAME} b ${NAME}', 3, true, null],
      nested: { deep: [{ secret: '${SECRET}' }] },
    };
    const result = interpolate(input, { HOST: 'https://example.com', NAME: 'x', SECRET: 's3' });
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual({
      url: 'https://example.com/hook',
      list: ['a x b x', 3, true, null],
      nested: { deep: [{ secret: 's3' }] },
    });
    expect(input.url).toBe('${HOST}/hook');
  });

  it('reports each missing variable with the path to its string, and leaves it in place', () => {
    const result = interpolate(
      { on_approve: [{ post: '#x' }, { webhook: { url: '${URL}', secret: '${SECRET}' } }] },
      { URL: undefined },
    );
    expect(result.problems).toEqual([
      { path: ['on_approve', 1, 'webhook', 'url'], variable: 'URL', message: 'environment variable URL is not set' },
      {
        path: ['on_approve', 1, 'webhook', 'secret'],
        variable: 'SECRET',
        message: 'environment variable SECRET is not set',
      },
    ]);
    expect(result.value).toEqual({ on_approve: [{ post: '#x' }, { webhook: { url: '${URL}', secret: '${SECRET}' } }] });
  });

  it('treats an empty value as set, $${VAR} as a literal, and leaves keys and non-variables alone', () => {
    const result = interpolate({ '${KEY}': '$${A}|${EMPTY}|$HOME|${not valid}|${}' }, { EMPTY: '', KEY: 'k' });
    expect(result.problems).toEqual([]);
    expect(result.value).toEqual({ '${KEY}': '${A}||$HOME|${not valid}|${}' });
  });

  it('does not look up inherited properties of the env record', () => {
    const result = interpolate('${toString}', {});
    expect(result.problems.map((p) => p.variable)).toEqual(['toString']);
  });
});

describe('problems about interpolated values', () => {
  it('name the variable, never show its value (it may be a secret)', async () => {
    const { parseSpec } = await import('../../src/specs/parse-spec.js');
    const parsed = parseSpec(
      'channels: ["#x"]\ninstructions: i\nartifact: { type: message }\non_approve:\n  - webhook: { url: "${HOOK}" }\n',
      {
        defaultName: 'a',
        env: { HOOK: 'hooks.example.com/services/T1/B2/SECRETTOKEN' },
      },
    );
    expect(parsed.ok).toBe(false);
    const text = JSON.stringify(parsed);
    expect(text).not.toContain('SECRETTOKEN');
    expect(text).toContain('${HOOK}');
  });
});
