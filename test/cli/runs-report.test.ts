import { describe, expect, it } from 'vitest';
import { parseRunsArgs, parseSince } from '../../src/cli/runs-command.js';
import { type AuditEntry, decisionOf, renderRunsTable, summariseToolCalls } from '../../src/cli/runs-report.js';

const NOW = new Date('2026-12-02T12:00:00Z');

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 'r1',
    agent: 'support-reply',
    createdAt: '2026-12-02T09:30:12.000Z',
    startedAt: '2026-12-02T09:30:13.000Z',
    finishedAt: '2026-12-02T09:30:20.000Z',
    trigger: { kind: 'command', user: 'U0ALICE', detail: '/coworker run support-reply hi' },
    channel: 'C1',
    specVersion: 'a1b2c3d4e5f6',
    model: 'claude-sonnet-4-6',
    modelCalls: 2,
    tokens: { input: 1200, output: 150, cacheRead: 3000, cacheWrite: 500 },
    costUsd: 0.0123,
    toolCalls: [],
    status: 'succeeded',
    error: null,
    retryOf: null,
    revisionOf: null,
    review: {
      artifactId: 'a1',
      version: 1,
      decision: 'approved',
      decidedBy: 'U0BOB',
      decidedAt: '2026-12-02T10:01:00.000Z',
      decisions: [],
    },
    ...overrides,
  };
}

const call = (server: string, tool: string, refused = false) => ({
  server,
  tool,
  arguments: {},
  durationMs: 1,
  error: null,
  refused,
});

describe('renderRunsTable', () => {
  it('aligns one line per run under a header, with every column filled or "-"', () => {
    const lines = renderRunsTable([
      entry({ toolCalls: [call('docs', 'lookup'), call('docs', 'lookup'), call('crm', 'update', true)] }),
      entry({
        id: 'r2',
        agent: 'weekly-digest',
        trigger: { kind: 'schedule', user: null, detail: '0 9 * * 1' },
        specVersion: null,
        model: null,
        modelCalls: 0,
        tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
        costUsd: null,
        status: 'failed',
        error: { code: 'model_failed', message: 'Claude had a server error.' },
        review: null,
      }),
    ]);
    expect(lines).toEqual([
      'STARTED (UTC)     AGENT          TRIGGER          SPEC      MODEL              TOKENS IN/OUT  COST     TOOLS                                 OUTCOME                DECISION  DECIDED (UTC)',
      '2026-12-02 09:30  support-reply  command U0ALICE  a1b2c3d4  claude-sonnet-4-6  4.7k/150       $0.0123  docs.lookup ×2, crm.update (refused)  succeeded              approved  2026-12-02 10:01 U0BOB',
      '2026-12-02 09:30  weekly-digest  schedule         -         -                  -              -        -                                     failed (model_failed)  -         -',
    ]);
  });
});

describe('summariseToolCalls and decisionOf', () => {
  it('names each tool once with its count, in the order first called, refused ones apart', () => {
    expect(summariseToolCalls([])).toBe('-');
    expect(
      summariseToolCalls([
        call('a', 'x'),
        call('b', 'y'),
        call('a', 'x'),
        call('a', 'x', true),
        call('', 'made_up', true),
      ]),
    ).toBe('a.x ×2, b.y, a.x (refused), made_up (refused)');
  });

  it('tells an approval of an edited version apart', () => {
    expect(decisionOf({ status: 'approved', edited: true })).toBe('edited');
    expect(decisionOf({ status: 'approved', edited: false })).toBe('approved');
    expect(decisionOf({ status: 'rejected', edited: true })).toBe('rejected');
    expect(decisionOf({ status: 'expired', edited: false })).toBe('expired');
  });
});

describe('coworker runs flags', () => {
  it('reads --since as a duration back from now or as a date (UTC unless zoned)', () => {
    expect(parseSince('7d', NOW)?.toISOString()).toBe('2026-11-25T12:00:00.000Z');
    expect(parseSince('48h', NOW)?.toISOString()).toBe('2026-11-30T12:00:00.000Z');
    expect(parseSince('30m', NOW)?.toISOString()).toBe('2026-12-02T11:30:00.000Z');
    expect(parseSince('2026-11-01', NOW)?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-01T09:15', NOW)?.toISOString()).toBe('2026-11-01T09:15:00.000Z');
    expect(parseSince('2026-11-01 09:15', NOW)?.toISOString()).toBe('2026-11-01T09:15:00.000Z');
    expect(parseSince('2026-11-01T09:15+01:00', NOW)?.toISOString()).toBe('2026-11-01T08:15:00.000Z');
    for (const bad of ['banana', '7', '0d', '-7d', '7 days', '2026-02-30', '2026-13-01', '2026-11-01T25:00', '']) {
      expect(parseSince(bad, NOW), bad).toBeUndefined();
    }
  });

  it('defaults to the last 7 days, 50 runs, as a table', () => {
    expect(parseRunsArgs([], NOW)).toEqual({
      agent: undefined,
      since: new Date('2026-11-25T12:00:00Z'),
      limit: 50,
      json: false,
    });
    expect(parseRunsArgs(['--agent', 'a', '--since', '1d', '--limit', '5', '--json'], NOW)).toEqual({
      agent: 'a',
      since: new Date('2026-12-01T12:00:00Z'),
      limit: 5,
      json: true,
    });
  });

  it('refuses a bad flag with one line naming it', () => {
    const refusal = (args: string[]) => {
      try {
        parseRunsArgs(args, NOW);
      } catch (err) {
        return err as { code: string; message: string };
      }
      throw new Error(`accepted ${args.join(' ')}`);
    };
    expect(refusal(['--since', 'banana'])).toMatchObject({
      code: 'usage',
      message: '--since banana is neither a duration (30m, 48h, 7d) nor a date (2026-11-01, 2026-11-01T09:00).',
    });
    expect(refusal(['--limit', '0']).message).toBe('--limit 0 is not a whole number of runs, 1 or more.');
    expect(refusal(['--limit', '2.5']).message).toMatch(/^--limit 2\.5 is not a whole number/);
    expect(refusal(['--bogus']).message).toMatch(/^Unknown option '--bogus'.*Usage: coworker runs/);
    expect(refusal(['support-reply']).message).toMatch(/Unexpected argument 'support-reply'.*Usage: coworker runs/);
    expect(refusal(['--agent']).message).toMatch(/argument missing/);
    for (const args of [['--since', 'banana'], ['--bogus'], ['--agent']])
      expect(refusal(args).message).not.toMatch(/\n/);
  });
});
