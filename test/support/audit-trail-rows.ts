import type { Kysely } from 'kysely';
import { rememberAgentVersions } from '../../src/db/agent-versions-repository.js';
import { recordDecision } from '../../src/db/decisions-repository.js';
import { insertToolCall } from '../../src/db/run-tool-calls-repository.js';
import type { Database } from '../../src/db/schema.js';
import { seedArtifact, seedRun } from './seed-rows.js';

export const SPEC_HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

/**
 * Five runs of two agents over ten days, as the app would have left them, for the audit trail:
 * newest first, `approved` (1 h ago: three tool calls, one refused; approved by U0BOB),
 * `failed` (1 day: a mention that failed), `edited` (2 days: an edit at quorum 2 made version 2,
 * approved by U0CAROL then U0ERIN), `pending` (3 days: weekly-digest's schedule), `old`
 * (10 days: rejected). Also a stored spec version of `never-ran`, an agent without runs.
 * @returns the runs' ids by name
 */
export async function seedAuditTrail(db: Kysely<Database>, now = Date.now()) {
  const ago = (hours: number) => new Date(now - hours * 3_600_000);
  const usage = { model: 'claude-sonnet-4-6', model_calls: 2, input_tokens: 1200, output_tokens: 150 };

  const approved = await seedRun(db, {
    agent: 'support-reply',
    trigger_user: 'U0ALICE',
    trigger_detail: '/coworker run support-reply Where is my order?',
    spec_hash: SPEC_HASH,
    ...usage,
    cache_read_input_tokens: 3000,
    cache_creation_input_tokens: 500,
    cost_usd: 0.0123,
    created_at: ago(1),
    started_at: ago(1),
    finished_at: ago(0.9),
  });
  const call = { durationMs: 12, resultChars: 80, refused: false };
  await insertToolCall(db, approved.id, 1, {
    ...call,
    server: 'docs',
    tool: 'lookup_customer',
    arguments: { email: 'ada@analytical.example' },
  });
  await insertToolCall(db, approved.id, 2, {
    ...call,
    server: 'docs',
    tool: 'lookup_customer',
    arguments: { email: 'ada@second.example' },
  });
  await insertToolCall(db, approved.id, 3, {
    server: 'crm',
    tool: 'update_contact',
    arguments: { id: 'C-1' },
    durationMs: 0,
    resultChars: 0,
    error: 'crm.update_contact is not available during this run',
    refused: true,
  });
  const approvedArtifact = await seedArtifact(db, approved, {
    status: 'approved',
    decided_by: 'U0BOB',
    decided_at: ago(0.5),
  });
  await recordDecision(db, { artifactId: approvedArtifact.id, userId: 'U0BOB', kind: 'approve' });

  const failed = await seedRun(db, {
    agent: 'support-reply',
    trigger_kind: 'mention',
    trigger_user: 'U0DAN',
    status: 'failed',
    error_code: 'model_failed',
    error_message: 'Claude had a server error (HTTP 500).',
    spec_hash: SPEC_HASH,
    model: 'claude-sonnet-4-6',
    created_at: ago(24),
  });

  const edited = await seedRun(db, { agent: 'support-reply', spec_hash: SPEC_HASH, ...usage, created_at: ago(48) });
  const v1 = await seedArtifact(db, edited, { status: 'superseded' });
  const v2 = await seedArtifact(db, edited, {
    version: 2,
    lineage_id: v1.id,
    status: 'approved',
    edited: true,
    decided_by: 'U0ERIN',
    decided_at: ago(47),
  });
  await recordDecision(db, { artifactId: v2.id, userId: 'U0CAROL', kind: 'approve', content: { text: 'Edited' } });
  await recordDecision(db, { artifactId: v2.id, userId: 'U0ERIN', kind: 'approve' });

  const pending = await seedRun(db, {
    agent: 'weekly-digest',
    trigger_kind: 'schedule',
    trigger_user: null,
    trigger_detail: '0 9 * * 1',
    model: 'claude-haiku-4-5',
    model_calls: 1,
    input_tokens: 40_000,
    output_tokens: 900,
    cost_usd: 0.0445,
    created_at: ago(72),
  });
  await seedArtifact(db, pending);

  const old = await seedRun(db, { agent: 'support-reply', ...usage, created_at: ago(240) });
  await seedArtifact(db, old, { status: 'rejected', decided_by: 'U0BOB', decided_at: ago(239) });

  await rememberAgentVersions(db, [{ hash: 'never-ran-hash', name: 'never-ran', file: '/a/never-ran.yaml', spec: {} }]);
  return { approved: approved.id, failed: failed.id, edited: edited.id, pending: pending.id, old: old.id };
}
