import { beforeAll, describe, expect, it } from 'vitest';
import { auditedAgentNames, listAuditTrail } from '../../src/db/audit-trail-repository.js';
import { seedAuditTrail } from '../support/audit-trail-rows.js';
import { useTestDatabase } from '../support/test-database.js';

const database = useTestDatabase();
const NOW = Date.now();
const days = (n: number) => new Date(NOW - n * 86_400_000);
let ids: Awaited<ReturnType<typeof seedAuditTrail>>;

beforeAll(async () => {
  ids = await seedAuditTrail(database.db, NOW);
});

describe(`the audit trail on ${process.env.COWORKER_TEST_DATABASE === 'postgres' ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('lists the runs since a time, newest first, each with its newest version, tool calls and decisions', async () => {
    const trail = await listAuditTrail(database.db, { since: days(7), limit: 50 });
    expect(trail.map((t) => t.run.id)).toEqual([ids.approved, ids.failed, ids.edited, ids.pending]);
    const [approved, failed, edited, pending] = trail;
    expect(approved?.toolCalls.map((c) => [c.n, c.server, c.tool, c.refused])).toEqual([
      [1, 'docs', 'lookup_customer', false],
      [2, 'docs', 'lookup_customer', false],
      [3, 'crm', 'update_contact', true],
    ]);
    expect(approved?.toolCalls[0]?.arguments).toEqual({ email: 'ada@analytical.example' });
    expect([approved?.artifact?.status, approved?.decisions.map((d) => d.user_id)]).toEqual(['approved', ['U0BOB']]);
    expect([failed?.artifact, failed?.toolCalls, failed?.decisions]).toEqual([null, [], []]);
    // The edit made version 2: it is the one shown, with both approvals of it.
    expect([edited?.artifact?.version, edited?.artifact?.edited, edited?.artifact?.status]).toEqual([
      2,
      true,
      'approved',
    ]);
    expect(edited?.decisions.map((d) => d.user_id)).toEqual(['U0CAROL', 'U0ERIN']);
    expect(pending?.artifact?.status).toBe('pending');
  });

  it('filters by agent and limits the count; an older since reaches older runs', async () => {
    const support = await listAuditTrail(database.db, { since: days(30), agent: 'support-reply', limit: 50 });
    expect(support.map((t) => t.run.id)).toEqual([ids.approved, ids.failed, ids.edited, ids.old]);
    const newest = await listAuditTrail(database.db, { since: days(30), limit: 2 });
    expect(newest.map((t) => t.run.id)).toEqual([ids.approved, ids.failed]);
    expect(await listAuditTrail(database.db, { since: days(7), agent: 'never-ran', limit: 50 })).toEqual([]);
  });

  it('knows the agents that ran and those whose spec was loaded', async () => {
    expect(await auditedAgentNames(database.db)).toEqual(['never-ran', 'support-reply', 'weekly-digest']);
  });
});
