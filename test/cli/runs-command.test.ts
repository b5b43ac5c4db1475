import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/cli/runs-report.js';
import { SPEC_HASH, seedAuditTrail } from '../support/audit-trail-rows.js';
import { runCli } from '../support/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let ids: Awaited<ReturnType<typeof seedAuditTrail>>;

beforeAll(async () => {
  database = await createTestDatabase();
  const db = await database.open();
  try {
    ids = await seedAuditTrail(db);
  } finally {
    // With PGlite the CLI can open the folder only once this handle let go of it.
    await db.destroy();
  }
});
afterAll(async () => {
  await database?.cleanup();
});

const runs = (...args: string[]) => runCli(['runs', ...args], { ...database.env });

// Several CLI processes per test, one after another, each opening the database: slow on a busy machine.
describe(`coworker runs on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, {
  timeout: 120_000,
}, () => {
  it('prints the last 7 days of runs as a table, newest first', async () => {
    const result = await runs();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(
      /^STARTED \(UTC\) +AGENT +TRIGGER +SPEC +MODEL +TOKENS IN\/OUT +COST +TOOLS +OUTCOME +DECISION +DECIDED \(UTC\)$/,
    );
    expect(lines).toHaveLength(6);
    const [, approved, failed, edited, pending] = lines;
    expect(approved).toMatch(
      /support-reply +command U0ALICE +a1b2c3d4 +claude-sonnet-4-6 +4\.7k\/150 +\$0\.0123 +docs\.lookup_customer ×2, crm\.update_contact \(refused\) +succeeded +approved +\d{4}-\d\d-\d\d \d\d:\d\d U0BOB$/,
    );
    expect(failed).toMatch(
      /support-reply +mention U0DAN +a1b2c3d4 +claude-sonnet-4-6 +- +- +- +failed \(model_failed\) +- +-$/,
    );
    expect(edited).toMatch(/support-reply .* edited +\S+ \S+ U0ERIN$/);
    expect(pending).toMatch(
      /weekly-digest +schedule +- +claude-haiku-4-5 +40k\/900 +\$0\.0445 +- +succeeded +pending +-$/,
    );
    expect(lines[5]).toMatch(/^4 runs since \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
  });

  it('filters by --agent, reaches further back with --since, and says when --limit cut the list', async () => {
    const digest = await runs('--agent', 'weekly-digest');
    expect(digest.stdout.trimEnd().split('\n').slice(1, -1)).toHaveLength(1);
    expect(digest.stdout).toContain('1 run of weekly-digest since');

    const month = await runs('--since', '30d', '--agent', 'support-reply');
    const rows = month.stdout.trimEnd().split('\n').slice(1, -1);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatch(/ rejected +\S+ \S+ U0BOB$/);

    const limited = await runs('--since', '30d', '--limit', '2');
    expect(limited.stdout.trimEnd().split('\n').slice(1, -1)).toHaveLength(2);
    expect(limited.stdout).toMatch(/The newest 2 runs since .*; --limit shows more, --since goes further back\.\n$/);

    const none = await runs('--agent', 'never-ran');
    expect([none.code, none.stdout]).toEqual([0, expect.stringMatching(/^No runs of never-ran since .* UTC\.\n$/)]);
  });

  it('--json prints an array of runs with their tool calls, arguments included, and every decision', async () => {
    const result = await runs('--json', '--since', '60h');
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as AuditEntry[];
    expect(entries.map((e) => e.id)).toEqual([ids.approved, ids.failed, ids.edited]);
    const [approved, failed, edited] = entries;
    expect(approved).toMatchObject({
      agent: 'support-reply',
      trigger: { kind: 'command', user: 'U0ALICE', detail: '/coworker run support-reply Where is my order?' },
      specVersion: SPEC_HASH,
      model: 'claude-sonnet-4-6',
      modelCalls: 2,
      tokens: { input: 1200, output: 150, cacheRead: 3000, cacheWrite: 500 },
      costUsd: 0.0123,
      status: 'succeeded',
      error: null,
      review: { version: 1, decision: 'approved', decidedBy: 'U0BOB', decisions: [{ user: 'U0BOB', kind: 'approve' }] },
    });
    expect(approved?.toolCalls).toEqual([
      {
        server: 'docs',
        tool: 'lookup_customer',
        arguments: { email: 'ada@analytical.example' },
        durationMs: 12,
        error: null,
        refused: false,
      },
      {
        server: 'docs',
        tool: 'lookup_customer',
        arguments: { email: 'ada@second.example' },
        durationMs: 12,
        error: null,
        refused: false,
      },
      {
        server: 'crm',
        tool: 'update_contact',
        arguments: { id: 'C-1' },
        durationMs: 0,
        error: 'crm.update_contact is not available during this run',
        refused: true,
      },
    ]);
    expect(new Date(approved?.createdAt ?? '').toISOString()).toBe(approved?.createdAt);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'model_failed', message: 'Claude had a server error (HTTP 500).' },
      review: null,
    });
    expect(edited?.review).toMatchObject({
      version: 2,
      decision: 'edited',
      decidedBy: 'U0ERIN',
      decisions: [
        { user: 'U0CAROL', kind: 'approve' },
        { user: 'U0ERIN', kind: 'approve' },
      ],
    });
    expect(JSON.parse((await runs('--json', '--agent', 'never-ran')).stdout)).toEqual([]);
  });

  it('refuses bad flags and unknown agents with one line and exit 2', async () => {
    for (const [args, message] of [
      [['--since', 'banana'], /^coworker runs: --since banana is neither a duration \(30m, 48h, 7d\) nor a date/],
      [['--limit', 'many'], /^coworker runs: --limit many is not a whole number of runs, 1 or more\.$/],
      [['--bogus'], /^coworker runs: Unknown option '--bogus'.*Usage: coworker runs/],
      [
        ['--agent', 'nope'],
        /^coworker runs: no agent called "nope" has run or been loaded here\. Agents: never-ran, support-reply, weekly-digest\.$/,
      ],
    ] as const) {
      const result = await runs(...args);
      expect([result.code, result.stdout], args.join(' ')).toEqual([2, '']);
      expect(result.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr.trimEnd()).toMatch(message);
    }
  });

  it('is listed by coworker help', async () => {
    const help = await runCli(['help'], {});
    expect(help.stdout).toContain('runs [--agent A] [--since 7d] [--limit 50] [--json]');
  });
});
