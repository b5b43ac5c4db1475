import { describe, expect, it } from 'vitest';
import { CoworkerError } from '../src/errors.js';
import { logLoopFailure, OUTAGE_NOTE_MS } from '../src/logger.js';
import { recordingLogger } from './support/recording-logger.js';

describe('logLoopFailure', () => {
  it('says a database outage once for every loop, again at most once a minute while it lasts', () => {
    const { logger, lines } = recordingLogger();
    let clock = 1_000_000;
    const now = () => clock;
    const heartbeat = logLoopFailure(logger, 'heartbeat', now);
    const sweep = logLoopFailure(logger, 'expiring reviews', now);
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    for (let tick = 0; tick < 20; tick++) {
      heartbeat(outage);
      sweep(outage);
      clock += 300;
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[0]).toBe('warn');
    expect(lines[0]?.[1]).toMatch(
      /the database is unavailable \(connect ECONNREFUSED 127\.0\.0\.1:5432; first seen by heartbeat\)/,
    );
    clock += OUTAGE_NOTE_MS;
    sweep(outage);
    expect(lines).toHaveLength(2);
    expect(lines[1]?.[1]).toMatch(/first seen by expiring reviews/);
  });

  it('logs every other failure as an error, each time', () => {
    const { logger, lines } = recordingLogger();
    const sweep = logLoopFailure(logger, 'expiring reviews');
    sweep(new CoworkerError('internal', 'bug'));
    sweep(new Error('bug again'));
    expect(lines.map(([level, text]) => [level, text.split(' ').slice(0, 3).join(' ')])).toEqual([
      ['error', 'expiring reviews failed'],
      ['error', 'expiring reviews failed'],
    ]);
  });
});
