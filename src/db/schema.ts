import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { AttachmentRef } from '../attachments/attachment-ref.js';
import type { AttachmentReport } from '../attachments/attachment-report.js';

/** jsonb: read as parsed JSON, written as a JSON string (pg would send JS arrays as PG arrays). */
export type Json<T> = ColumnType<T, string, string>;
/** timestamptz with a database default. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'interrupted';
/**
 * How a run started: a spec trigger (`command`, `mention`, `message`, `schedule`) or a person's
 * action on an earlier run (`retry`, `revise`, `rerun`), or the CLI. The one list of them; what else
 * a new trigger needs is in docs/architecture.md.
 */
export type TriggerKind = 'command' | 'mention' | 'message' | 'schedule' | 'retry' | 'revise' | 'rerun' | 'cli';
export type ReviewStatus = 'pending' | 'approved' | 'rejected' | 'superseded' | 'expired';
export type DecisionKind = 'approve' | 'reject';
/** `claimed` -> `done` | `failed` by its owner, or -> `interrupted` (reported, never rerun) when its owner died. */
export type ApplyStepStatus = 'claimed' | 'done' | 'failed' | 'interrupted';

export interface AgentVersionsTable {
  hash: string;
  name: string;
  file: string;
  spec: Json<unknown>;
  first_seen_at: CreatedAt;
}

export interface RunsTable {
  id: string;
  agent: string;
  spec_hash: string | null;
  trigger_kind: TriggerKind;
  trigger_user: string | null;
  trigger_detail: string | null;
  channel_id: string | null;
  thread_ts: string | null;
  input: string;
  status: RunStatus;
  error_code: string | null;
  error_message: string | null;
  instance_id: string | null;
  /** The channel message that shows the run's progress and becomes its review or failure. */
  status_ts: string | null;
  retry_of: string | null;
  /** For a Revise: the artifact version this run revises (one revision per version). */
  revision_of: ColumnType<string | null, string | null | undefined, string | null>;
  model: string | null;
  /** Why the run's result could not be shown in Slack (the artifact itself is stored). */
  delivery_error: ColumnType<string | null, string | null | undefined, string | null>;
  model_calls: Generated<number>;
  input_tokens: Generated<number>;
  output_tokens: Generated<number>;
  cache_creation_input_tokens: Generated<number>;
  cache_read_input_tokens: Generated<number>;
  cost_usd: number | null;
  /** Files attached to the message that started the run, as references (null: none). */
  attachments: ColumnType<AttachmentRef[] | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface ArtifactsTable {
  id: string;
  run_id: string;
  agent: string;
  type: string;
  /** The spec's `artifact:` section as it was when the run started. */
  options: Json<unknown>;
  content: Json<unknown>;
  version: number;
  /** Id of version 1; every revision of it shares this. */
  lineage_id: string;
  status: ReviewStatus;
  quorum: Generated<number>;
  expires_at: Timestamp | null;
  channel_id: string | null;
  message_ts: string | null;
  thread_ts: string | null;
  corrections_used: Generated<number>;
  edited: Generated<boolean>;
  /** Tool calls the run made before proposing this version (listed in `run_tool_calls`). */
  tool_calls: Generated<number>;
  decided_by: string | null;
  decided_at: Timestamp | null;
  /** The status the Slack message last showed (null: not shown yet). */
  shown_status: ColumnType<ReviewStatus | null, ReviewStatus | null | undefined, ReviewStatus | null>;
  /** When every apply step of an approved artifact was run (or claimed and reported). */
  applied_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Which attached files the run read and which it skipped (null: it had none, or did not look). */
  attachment_report: ColumnType<AttachmentReport | null, string | null | undefined, string | null>;
  /** Team facts the run was given (listed in `run_facts`): its review names them as sources. */
  facts_used: Generated<number>;
  created_at: CreatedAt;
}

/** One tool call a run's model asked for (the audit trail of DESIGN.md "Tools"). */
export interface RunToolCallsTable {
  run_id: string;
  /** 1, 2, …: the order of the calls within the run. */
  n: number;
  server: string;
  tool: string;
  arguments: Json<unknown>;
  duration_ms: number;
  result_chars: number;
  error: string | null;
  /** Never executed: not a read tool of the run, or over `limits.tool_calls`. */
  refused: Generated<boolean>;
  /**
   * The result text the model was given (an error result's too), cut at the run's cap: a replay
   * serves it instead of calling the server. Null: refused, or recorded before results were.
   */
  result: ColumnType<string | null, string | null | undefined, string | null>;
  called_at: CreatedAt;
}

/**
 * What a run was given besides its input, spec and corrections, for replaying it (`coworker
 * eval`): shapes in `runs/run-context.ts`, parsed there when read.
 */
export interface RunContextsTable {
  run_id: string;
  /** The channel history as given to the model: `{user, text}` in order. */
  history: Json<unknown>;
  /** The attached files as given: text files by their text, PDFs and images by name and SHA-256. */
  attachments: Json<unknown>;
  /** The read tools offered: server, tool, description, input schema. */
  read_tools: Json<unknown>;
  created_at: CreatedAt;
}

export interface DecisionsTable {
  id: string;
  artifact_id: string;
  user_id: string;
  kind: DecisionKind;
  content: Json<unknown> | null;
  created_at: CreatedAt;
}

export interface ApplyStepsTable {
  artifact_id: string;
  step: number;
  kind: string;
  status: ApplyStepStatus;
  delivery_id: string;
  claimed_by: string;
  claimed_at: CreatedAt;
  finished_at: Timestamp | null;
  attempts: Generated<number>;
  error: string | null;
  result: Json<unknown> | null;
  /** What the step does, in words ("deliver the webhook to host"), for the report if it is interrupted. */
  description: string | null;
  /** The instance posting the report of an interrupted step; cleared if Slack refused it, for a retry. */
  report_claimed_by: string | null;
  report_claimed_at: Timestamp | null;
  /** When the interruption was reported in the review's thread (once). */
  reported_at: Timestamp | null;
}

export type CorrectionKind = 'fact' | 'tone' | 'format' | 'missing' | 'extra' | 'edit' | 'other';
/** `disputed`: it contradicts a team fact its agent uses; no run gets it until the fact's owner settles it. */
export type CorrectionStatus = 'active' | 'retired' | 'disputed';
/** How a fact's owner settled a disputed correction (DESIGN.md "Team knowledge"). */
export type Settlement = 'keep_fact' | 'correction_right' | 'both_true';

export interface CorrectionsTable {
  id: string;
  agent: string;
  run_id: string;
  artifact_id: string;
  /** Slack user who wrote the reply or made the edit. */
  author: string;
  source: 'reply' | 'edit';
  /** The reply as written (or the edit summarised): kept whatever extraction makes of it. */
  text: string;
  target: string | null;
  kind: CorrectionKind;
  before: string | null;
  after: string | null;
  instruction: string;
  extraction: 'pending' | 'done' | 'failed' | 'none';
  status: CorrectionStatus;
  channel_id: string | null;
  thread_ts: string | null;
  message_ts: string | null;
  ack_ts: string | null;
  retired_by: string | null;
  retired_at: Timestamp | null;
  /** The fact (id and version) this correction contradicts, as its extraction found. */
  disputed_fact: ColumnType<string | null, string | null | undefined, string | null>;
  disputed_version: ColumnType<number | null, number | null | undefined, number | null>;
  /** What the extraction said the contradiction is, in a sentence. */
  dispute_reason: ColumnType<string | null, string | null | undefined, string | null>;
  settlement: ColumnType<Settlement | null, Settlement | null | undefined, Settlement | null>;
  settled_by: ColumnType<string | null, string | null | undefined, string | null>;
  settled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
}

export interface RunCorrectionsTable {
  run_id: string;
  correction_id: string;
}

export interface InstancesTable {
  id: string;
  started_at: CreatedAt;
  heartbeat_at: Timestamp;
  stopped_at: Timestamp | null;
}

export interface ScheduleSlotsTable {
  /** `<agent>#<schedule index>` */
  job: string;
  slot: Timestamp;
  claimed_by: string;
  claimed_at: CreatedAt;
  run_id: string | null;
}

export interface SlackEventsTable {
  event_id: string;
  received_at: CreatedAt;
}

/** An Edit modal the app opened with views.open: the only views whose submission it accepts. */
export interface EditViewsTable {
  view_id: string;
  artifact_id: string;
  version: number;
  /** The person it was opened for. */
  user_id: string;
  opened_at: CreatedAt;
}

/** A slash command's trigger id, once handled: a redelivery of the same command runs nothing. */
export interface SlackCommandsTable {
  trigger_id: string;
  received_at: CreatedAt;
}

/** One content of a fact file in KNOWLEDGE_DIR: a changed file is a new version, verified by its change. */
export interface FactVersionsTable {
  fact_id: string;
  /** 1, 2, … per fact, in the order the contents were first seen. */
  version: number;
  /** sha256 of the file. */
  hash: string;
  title: string;
  owner: string;
  verify_every_s: number;
  body: string;
  created_at: CreatedAt;
}

export type FactCheckResult = 'verified' | 'needs_change';

/** A person's word on a fact version: Verify, Needs a change (a note), or a correction its owner found right. */
export interface FactChecksTable {
  id: string;
  fact_id: string;
  version: number;
  result: FactCheckResult;
  note: string | null;
  user_id: string;
  /** For "The correction is right": the correction that showed the fact needs a change. */
  correction_id: string | null;
  created_at: CreatedAt;
}

/** A due fact's verification request, claimed once per period (fact, version, when it fell due) across replicas. */
export interface FactNoticesTable {
  fact_id: string;
  version: number;
  due_at: Timestamp;
  claimed_by: string;
  /** Moved when the claim is taken over (its claimer retries, or another replica after it died). */
  claimed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** When its DMs went out (null: claimed, not sent yet). */
  sent_at: Timestamp | null;
}

/** A message sent to one owner (a verification request, a dispute card), to update it when it is settled. */
export interface OwnerCardsTable {
  /** What it is about: `verify:<fact>:<version>:<due ISO time>` or `dispute:<correction id>`. */
  subject: string;
  user_id: string;
  channel_id: string;
  ts: string;
  created_at: CreatedAt;
}

/** A fact version a run was given. */
export interface RunFactsTable {
  run_id: string;
  fact_id: string;
  version: number;
  created_at: CreatedAt;
}

/** A spec file's YAML as converted (JSON text), by content hash and reader: see `SpecYamlStore`. */
export interface SpecYamlTable {
  hash: string;
  reader: string;
  value: string;
  created_at: CreatedAt;
}

export interface Database {
  agent_versions: AgentVersionsTable;
  runs: RunsTable;
  run_tool_calls: RunToolCallsTable;
  artifacts: ArtifactsTable;
  decisions: DecisionsTable;
  apply_steps: ApplyStepsTable;
  slack_events: SlackEventsTable;
  slack_commands: SlackCommandsTable;
  edit_views: EditViewsTable;
  corrections: CorrectionsTable;
  run_corrections: RunCorrectionsTable;
  instances: InstancesTable;
  schedule_slots: ScheduleSlotsTable;
  spec_yaml: SpecYamlTable;
  fact_versions: FactVersionsTable;
  fact_checks: FactChecksTable;
  fact_notices: FactNoticesTable;
  owner_cards: OwnerCardsTable;
  run_facts: RunFactsTable;
  run_contexts: RunContextsTable;
}

export type Run = Selectable<RunsTable>;
export type NewRun = Insertable<RunsTable>;
export type RunUpdate = Updateable<RunsTable>;
export type RunToolCallRow = Selectable<RunToolCallsTable>;
export type RunContextRow = Selectable<RunContextsTable>;
export type ArtifactRow = Selectable<ArtifactsTable>;
export type NewArtifact = Insertable<ArtifactsTable>;
export type DecisionRow = Selectable<DecisionsTable>;
export type ApplyStepRow = Selectable<ApplyStepsTable>;
export type CorrectionRow = Selectable<CorrectionsTable>;
export type NewCorrection = Insertable<CorrectionsTable>;
export type EditViewRow = Selectable<EditViewsTable>;
export type FactVersionRow = Selectable<FactVersionsTable>;
export type FactCheckRow = Selectable<FactChecksTable>;
