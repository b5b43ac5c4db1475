import { describe, expect, it } from 'vitest';
import { CoworkerError, toCoworkerError } from '../../src/errors.js';
import { logListenerFailure } from '../../src/slack/log-listener-failure.js';
import { recordingLogger } from '../support/recording-logger.js';

describe('logListenerFailure', () => {
  it("keeps users' mistakes out of the log, an outage to one warning line, and the rest as errors", () => {
    const { logger, lines } = recordingLogger();
    logListenerFailure(logger, '/coworker run x', new CoworkerError('agent_unknown', 'no such agent'), undefined);
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    logListenerFailure(logger, '/coworker run x', toCoworkerError(refused), refused);
    const bug = new Error('boom');
    logListenerFailure(logger, 'review_approve', toCoworkerError(bug), bug);
    expect(lines).toEqual([
      ['warn', '/coworker run x was refused: the database is unavailable (connect ECONNREFUSED 127.0.0.1:5432)'],
      ['error', expect.stringMatching(/^review_approve failed Error: boom/)],
    ]);
  });
});
