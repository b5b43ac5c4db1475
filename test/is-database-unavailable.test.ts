import { describe, expect, it } from 'vitest';
import { CoworkerError, DATABASE_UNAVAILABLE_MESSAGE, toCoworkerError } from '../src/errors.js';
import { isDatabaseUnavailable } from '../src/is-database-unavailable.js';

/** An error shaped like pg's DatabaseError (a server ErrorResponse). */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'FATAL' });
}

/** An error shaped like Node's socket errors, which pg emits as they are. */
function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a restart (admin shutdown)', pgError('57P01', 'terminating connection due to administrator command')],
    [
      'a crash of another backend',
      pgError('57P02', 'terminating connection because of crash of another server process'),
    ],
    ['a server still starting', pgError('57P03', 'the database system is starting up')],
    ['a lost connection (class 08)', pgError('08006', 'connection failure')],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
    ['a failover to a read-only server', pgError('25006', 'cannot execute INSERT in a read-only transaction')],
    ['a database not accepting connections', pgError('55000', 'database "x" is not currently accepting connections')],
    ['a refused connection', socketError('ECONNREFUSED')],
    ['a reset connection', socketError('ECONNRESET')],
    ['an unknown host', socketError('ENOTFOUND')],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a pool timeout', new Error('timeout exceeded when trying to connect')],
    ['a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
    [
      'every address of a host refused',
      Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], ''), {}),
    ],
  ])('recognises %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint "runs_pkey"')],
    ['a syntax error', pgError('42601', 'syntax error at or near "selec"')],
    ['a missing table (also what PGlite rejects with)', pgError('42P01', 'relation "nope" does not exist')],
    ['another 55000 (object not in prerequisite state)', pgError('55000', 'cannot do that now')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    // A webhook or Slack call that failed the same way must not be taken for the database's.
    ['a fetch that was refused', new TypeError('fetch failed', { cause: socketError('ECONNREFUSED') })],
    ['not an error at all', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('does not take %s for an outage', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('toCoworkerError', () => {
  it('wraps an unreachable database as database_unavailable, in the words every refusal shows', () => {
    const cause = pgError('57P01', 'terminating connection due to administrator command');
    const error = toCoworkerError(cause);
    expect(error).toMatchObject({
      code: 'database_unavailable',
      category: 'system',
      message: DATABASE_UNAVAILABLE_MESSAGE,
      cause,
    });
    expect(error.message).toBe(
      'Coworker cannot reach its database right now, nothing was changed: try again in a minute.',
    );
  });

  it('keeps other errors internal, and CoworkerErrors as they are', () => {
    expect(toCoworkerError(pgError('23505', 'duplicate key')).code).toBe('internal');
    const own = new CoworkerError('usage', 'Which agent?');
    expect(toCoworkerError(own)).toBe(own);
  });
});
