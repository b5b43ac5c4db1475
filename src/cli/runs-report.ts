import type { AuditedRun } from '../db/audit-trail-repository.js';
import type { ArtifactRow, RunStatus, TriggerKind } from '../db/schema.js';

/** Where a run's review stands: the artifact's status, with an approval of an edited version told apart. */
export type AuditDecision = 'approved' | 'edited' | 'rejected' | 'pending' | 'expired' | 'superseded';

/** One run of the audit trail, as `coworker runs --json` prints it. */
export interface AuditEntry {
  id: string;
  agent: string;
  /** When the run was triggered (recorded), started (claimed) and finished; ISO 8601. */
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  trigger: { kind: TriggerKind; user: string | null; detail: string | null };
  channel: string | null;
  /** The content hash of the spec the run used (its version, stored in agent_versions). */
  specVersion: string | null;
  model: string | null;
  modelCalls: number;
  tokens: { input: number; output: number; cacheRead: number; cacheWrite: number };
  /** At the configured prices; null when the model has none. */
  costUsd: number | null;
  toolCalls: Array<{
    server: string;
    tool: string;
    arguments: unknown;
    durationMs: number;
    error: string | null;
    refused: boolean;
  }>;
  status: RunStatus;
  error: { code: string | null; message: string | null } | null;
  retryOf: string | null;
  revisionOf: string | null;
  /** The newest version's review; null when the run produced none. */
  review: {
    artifactId: string;
    version: number;
    decision: AuditDecision;
    decidedBy: string | null;
    decidedAt: string | null;
    /** Each person's approval or rejection of this version, oldest first. */
    decisions: Array<{ user: string; kind: 'approve' | 'reject'; at: string }>;
  } | null;
}

/** The audit entry of one run (the JSON shape). Pure. */
export function toAuditEntry(audited: AuditedRun): AuditEntry {
  const { run, artifact } = audited;
  return {
    id: run.id,
    agent: run.agent,
    createdAt: iso(run.created_at),
    startedAt: run.started_at === null ? null : iso(run.started_at),
    finishedAt: run.finished_at === null ? null : iso(run.finished_at),
    trigger: { kind: run.trigger_kind, user: run.trigger_user, detail: run.trigger_detail },
    channel: run.channel_id,
    specVersion: run.spec_hash,
    model: run.model,
    modelCalls: run.model_calls,
    tokens: {
      input: run.input_tokens,
      output: run.output_tokens,
      cacheRead: run.cache_read_input_tokens,
      cacheWrite: run.cache_creation_input_tokens,
    },
    costUsd: run.cost_usd === null ? null : Number(run.cost_usd),
    toolCalls: audited.toolCalls.map((c) => ({
      server: c.server,
      tool: c.tool,
      arguments: c.arguments,
      durationMs: c.duration_ms,
      error: c.error,
      refused: c.refused,
    })),
    status: run.status,
    error:
      run.error_code === null && run.error_message === null
        ? null
        : { code: run.error_code, message: run.error_message },
    retryOf: run.retry_of,
    revisionOf: run.revision_of,
    review:
      artifact === null
        ? null
        : {
            artifactId: artifact.id,
            version: artifact.version,
            decision: decisionOf(artifact),
            decidedBy: artifact.decided_by,
            decidedAt: artifact.decided_at === null ? null : iso(artifact.decided_at),
            decisions: audited.decisions.map((d) => ({ user: d.user_id, kind: d.kind, at: iso(d.created_at) })),
          },
  };
}

/** An approved edited version is `edited`; otherwise the review's status. */
export function decisionOf(artifact: Pick<ArtifactRow, 'status' | 'edited'>): AuditDecision {
  return artifact.status === 'approved' && artifact.edited ? 'edited' : artifact.status;
}

const HEADERS = [
  'STARTED (UTC)',
  'AGENT',
  'TRIGGER',
  'SPEC',
  'MODEL',
  'TOKENS IN/OUT',
  'COST',
  'TOOLS',
  'OUTCOME',
  'DECISION',
  'DECIDED (UTC)',
] as const;

/**
 * The audit trail as an aligned text table, one line per entry under a header line. Columns: when
 * the run was triggered, agent, trigger and who, spec version (hash, first 8), model, tokens
 * (prompt tokens, cached ones included / output), cost, tool calls (`server.tool ×2`, refused ones
 * marked), outcome (with the error code), decision, and who decided when. Pure.
 */
export function renderRunsTable(entries: readonly AuditEntry[]): string[] {
  const rows = entries.map((e) => [
    minute(e.createdAt),
    e.agent,
    e.trigger.user === null ? e.trigger.kind : `${e.trigger.kind} ${e.trigger.user}`,
    e.specVersion?.slice(0, 8) ?? '-',
    e.model ?? '-',
    e.modelCalls === 0
      ? '-'
      : `${compact(e.tokens.input + e.tokens.cacheRead + e.tokens.cacheWrite)}/${compact(e.tokens.output)}`,
    e.costUsd === null ? '-' : `$${e.costUsd.toFixed(4)}`,
    summariseToolCalls(e.toolCalls),
    e.error?.code ? `${e.status} (${e.error.code})` : e.status,
    e.review?.decision ?? '-',
    e.review?.decidedAt ? `${minute(e.review.decidedAt)}${e.review.decidedBy ? ` ${e.review.decidedBy}` : ''}` : '-',
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(HEADERS), ...rows.map(line)];
}

/** `desk.lookup ×2, docs.search, crm.update (refused)`: each tool once, in the order first called. Pure. */
export function summariseToolCalls(calls: AuditEntry['toolCalls']): string {
  if (calls.length === 0) return '-';
  const counts = new Map<string, number>();
  for (const call of calls) {
    const name = `${call.server ? `${call.server}.` : ''}${call.tool}${call.refused ? ' (refused)' : ''}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => (n === 1 ? name : `${name} ×${n}`)).join(', ');
}

function iso(value: Date | string): string {
  return new Date(value).toISOString();
}

/** `2026-12-01 09:30` (UTC) from an ISO time. */
function minute(isoTime: string): string {
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 16)}`;
}

/** 950, 12.3k, 1.2M. */
function compact(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}
