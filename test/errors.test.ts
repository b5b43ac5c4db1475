import { describe, expect, it } from 'vitest';
import { CoworkerError, toCoworkerError } from '../src/errors.js';

describe('CoworkerError', () => {
  it('takes its category from its code, so who reads it is decided in one table', () => {
    expect(new CoworkerError('agent_unknown', 'no such agent').category).toBe('user');
    expect(new CoworkerError('slack_failed', 'Slack said no').category).toBe('upstream');
    expect(new CoworkerError('run_interrupted', 'restarted').category).toBe('system');
  });

  it('wraps anything else once: an outage as database_unavailable, the rest as internal', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toCoworkerError(refused)).toMatchObject({ code: 'database_unavailable', category: 'system' });
    const wrapped = toCoworkerError(new Error('boom'));
    expect(wrapped).toMatchObject({ code: 'internal', category: 'system' });
    expect(toCoworkerError(wrapped)).toBe(wrapped);
  });
});
