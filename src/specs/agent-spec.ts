import path from 'node:path';
import { validateDetailed as explainCron, validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { ArtifactOptions, artifactTypeFor } from '../artifacts/index.js';
import { ChannelRef, normalizeChannelRef } from '../spec-fields/channel-ref.js';
import { isPersonRef, USER_ID } from '../spec-fields/person-ref.js';
import { Text } from '../spec-fields/text.js';
import { OnApproveStep } from '../steps/index.js';
import { Duration } from './duration.js';
import { FACT_ID, MAX_CONTEXT_FILES, MAX_FACTS_PER_AGENT } from './spec-limits.js';
import { isSubcommand, SUBCOMMANDS } from './subcommands.js';
import { ToolServers } from './tool-servers.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const REGEX_FLAGS = /^[dgimsuvy]*$/;

/** `triggers.message`: a regular expression tested against new messages in bound channels. */
export const MessageTrigger = z
  .strictObject({
    match: Text,
    flags: z
      .string()
      .refine(areRegexFlags, {
        error: (issue) =>
          `"${String(issue.input)}" are not valid regular expression flags: use each of d, g, i, m, s, u, v, y at most once (u and v not together)`,
      })
      .optional(),
  })
  .superRefine((trigger, ctx) => {
    try {
      new RegExp(trigger.match, trigger.flags);
    } catch (err) {
      // Bad flags are reported by their own field; only blame the pattern when the flags are fine.
      if (trigger.flags !== undefined && !areRegexFlags(trigger.flags)) return;
      const reason = (err instanceof Error ? err.message : String(err)).replace(
        /^Invalid regular expression: \/.*\/[a-z]*: /s,
        '',
      );
      ctx.addIssue({
        code: 'custom',
        path: ['match'],
        message: `"${trigger.match}" is not a valid regular expression: ${reason}`,
      });
    }
  });
export type MessageTrigger = z.output<typeof MessageTrigger>;

/** One `triggers.schedule` entry. */
export const ScheduleEntry = z.strictObject({
  cron: z.string().superRefine((expression, ctx) => {
    const fields = expression
      .trim()
      .split(/\s+/)
      .filter((f) => f !== '');
    if (fields.length !== 5 && fields.length !== 6) {
      ctx.addIssue({
        code: 'custom',
        message: `"${expression}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; a cron expression has 5 (minute hour day month weekday) or 6 (with seconds first)`,
      });
    } else if (!validateCron(expression)) {
      const reasons = explainCron(expression).errors.map((e) => e.message);
      const detail = reasons.length > 0 ? `: ${reasons.join('; ')}` : '';
      ctx.addIssue({ code: 'custom', message: `"${expression}" is not a valid cron expression${detail}` });
    }
  }),
  timezone: z
    .string()
    .refine(isTimeZone, {
      error: (issue) =>
        `"${String(issue.input)}" is not a known time zone: use an IANA name such as Europe/Berlin or UTC`,
    })
    .optional(),
  input: z.string().optional(),
  /** Where the scheduled run posts its review; default: the agent's first channel. */
  channel: ChannelRef.optional(),
});
export type ScheduleEntry = z.output<typeof ScheduleEntry>;

/** `triggers`: how an agent starts besides `/coworker run`. All optional; none by default. */
export const Triggers = z.strictObject({
  command: z
    .string()
    .refine((c) => KEBAB.test(c), {
      error: (issue) =>
        `"${String(issue.input)}" is not a command word: use lower-case letters, digits and single hyphens (e.g. digest, lead-digest)`,
    })
    .refine((c) => !isSubcommand(c), {
      error: (issue) =>
        `"${String(issue.input)}" is a /coworker subcommand (${SUBCOMMANDS.join(', ')}); choose another command`,
    })
    .optional(),
  mention: z.boolean().default(false),
  message: MessageTrigger.optional(),
  schedule: z.array(ScheduleEntry).default([]),
});
export type Triggers = z.output<typeof Triggers>;

/** `context`: what a run is given besides its input. */
export const ContextOptions = z.strictObject({
  /** Paths relative to the spec's folder; only their shape is checked here (the loader checks the files). */
  files: z
    .array(
      z.string().superRefine((file, ctx) => {
        const problem = contextFileProblem(file);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .max(MAX_CONTEXT_FILES, { error: `at most ${MAX_CONTEXT_FILES} context files` })
    .default([]),
  history: z
    .int({ error: 'expected a whole number of messages' })
    .min(0, { error: 'must be 0 or more' })
    .max(1000, { error: 'at most 1000 messages' })
    .default(0),
  corrections: z
    .int({ error: 'expected a whole number of corrections' })
    .min(0, { error: 'must be 0 or more' })
    .default(20),
  /** Files attached to the message that starts a run (mention, message trigger) are given to the model. */
  attachments: z.boolean({ error: 'expected true or false' }).default(true),
  /** Team facts from KNOWLEDGE_DIR (file names without `.md`); the loader checks that each exists. */
  knowledge: z
    .array(
      z.string().regex(FACT_ID, {
        error: (issue) =>
          `"${String(issue.input)}" is not a fact id: write the file name in KNOWLEDGE_DIR without .md (e.g. refund-policy)`,
      }),
    )
    .max(MAX_FACTS_PER_AGENT, { error: `at most ${MAX_FACTS_PER_AGENT} facts` })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'names a fact twice' })
    .default([]),
});
export type ContextOptions = z.output<typeof ContextOptions>;

/** `review`: who may decide and how. */
export const ReviewPolicy = z
  .strictObject({
    /** User IDs or user-group handles; omitted means anyone who can see the review message. */
    approvers: z
      .array(
        z.string().refine(isPersonRef, {
          error: (issue) =>
            `"${String(issue.input)}" is neither a user ID (U012ABCDEF) nor a user-group handle (@sales-leads)`,
        }),
      )
      .min(1, { error: 'is empty: list at least one approver, or remove approvers to let anyone approve' })
      .optional(),
    quorum: z.int({ error: 'expected a whole number of approvals' }).min(1, { error: 'must be at least 1' }).default(1),
    self_approval: z.boolean().default(true),
    expires_after: Duration.prefault('48h'),
  })
  .superRefine((review, ctx) => {
    const approvers = review.approvers;
    // Only when every approver is a single person can we tell that the quorum is out of reach.
    if (approvers === undefined || approvers.length === 0 || !approvers.every((a) => USER_ID.test(a))) return;
    const people = new Set(approvers).size;
    if (review.quorum > people) {
      ctx.addIssue({
        code: 'custom',
        path: ['quorum'],
        message: `${review.quorum} approvals needed but only ${people} approver${people === 1 ? '' : 's'} listed`,
      });
    }
  });
export type ReviewPolicy = z.output<typeof ReviewPolicy>;

/** `limits`: bounds of one run. */
export const RunLimits = z.strictObject({
  timeout: Duration.prefault('120s'),
  max_tokens: z
    .int({ error: 'expected a whole number of tokens' })
    .min(1, { error: 'must be at least 1' })
    .default(4096),
  /** Read tool calls per run; then the artifact is required. */
  tool_calls: z
    .int({ error: 'expected a whole number of tool calls' })
    .min(0, { error: 'must be 0 or more' })
    .max(100, { error: 'at most 100 tool calls' })
    .default(10),
});
export type RunLimits = z.output<typeof RunLimits>;

/**
 * The `artifact:` section. `ArtifactOptions` variants are plain (stripping) objects, so unknown keys
 * would vanish silently; they are reported here like everywhere else in a spec.
 */
const ArtifactSection = z.preprocess((value, ctx) => {
  const extra = unknownArtifactKeys(value);
  if (extra.length > 0) ctx.addIssue({ code: 'unrecognized_keys', keys: extra });
  for (const key of runOnlyArtifactKeys(value))
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: 'is set by Coworker when the agent runs, never in a spec: remove it',
    });
  return value;
}, ArtifactOptions);

/**
 * The complete agent spec (`agents/*.yaml`), with the defaults of DESIGN.md applied.
 * Strict: unknown keys are errors, so a typo such as `instruction:` is reported, never ignored.
 * `name` is required here; the loader fills it from the file name when the file omits it.
 */
export const AgentSpec = z
  .strictObject({
    name: z.string().refine((n) => KEBAB.test(n), {
      error: (issue) =>
        `"${String(issue.input)}" is not a valid agent name: use lower-case letters, digits and single hyphens (e.g. lead-digest)`,
    }),
    description: z.string().optional(),
    channels: z.array(ChannelRef).min(1, { error: 'list at least one channel the agent works in' }),
    model: Text.optional(),
    instructions: Text,
    triggers: Triggers.prefault({}),
    context: ContextOptions.prefault({}),
    artifact: ArtifactSection,
    review: ReviewPolicy.prefault({}),
    limits: RunLimits.prefault({}),
    /** MCP servers whose read tools runs may call (see DESIGN.md "Tools"). */
    tools: ToolServers.default({}),
    on_approve: z.array(OnApproveStep).default([]),
  })
  .superRefine((spec, ctx) => {
    if (
      artifactTypeFor(spec.artifact.type).binding?.needsWriteTools &&
      !Object.values(spec.tools).some((server) => server.write.length > 0)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['artifact', 'type'],
        message: `an ${spec.artifact.type} artifact proposes calls of write tools, but no server under tools: lists one; name the tools it may propose under tools.<server>.write (e.g. write: [update_contact])`,
      });
    }
    const bound = new Set(spec.channels.map(normalizeChannelRef));
    spec.triggers.schedule.forEach((entry, index) => {
      if (entry.channel !== undefined && !bound.has(normalizeChannelRef(entry.channel))) {
        ctx.addIssue({
          code: 'custom',
          path: ['triggers', 'schedule', index, 'channel'],
          message: `"${entry.channel}" is not one of this agent's channels (write it as it appears in channels)`,
        });
      }
    });
  });
/** A parsed, defaulted agent spec. */
export type AgentSpec = z.output<typeof AgentSpec>;
/** An agent spec as written in YAML (after `${VAR}` interpolation), before defaults. */
export type AgentSpecInput = z.input<typeof AgentSpec>;

/** Why `file` is not an acceptable `context.files` entry, or undefined when it is. */
function contextFileProblem(file: string): string | undefined {
  if (file.trim() === '') return 'must not be empty';
  if (path.posix.isAbsolute(file) || path.win32.isAbsolute(file) || file.startsWith('~')) {
    return `"${file}" is absolute: context files are relative to the spec's folder`;
  }
  const normalized = path.posix.normalize(file.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) return `"${file}" points outside the spec's folder`;
  if (normalized === '.' || normalized === './') return `"${file}" is the spec's folder, not a file`;
  return undefined;
}

function areRegexFlags(flags: string): boolean {
  return (
    REGEX_FLAGS.test(flags) && new Set(flags).size === flags.length && !(flags.includes('u') && flags.includes('v'))
  );
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    // A RangeError is the answer to the question, not a failure.
    return false;
  }
}

/** Keys of an `artifact:` mapping that its type does not declare (none when the type is unknown). */
function unknownArtifactKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  const option = ArtifactOptions.options.find((o) => o.shape.type.safeParse(record.type).success);
  if (option === undefined) return [];
  // Let a variant that is strict itself report its own unknown keys (no duplicate report).
  const own = option.safeParse(value);
  if (!own.success && own.error.issues.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0)) return [];
  return Object.keys(record).filter((key) => !(key in option.shape));
}

/** Keys of an `artifact:` mapping that only a run sets (`ArtifactType.binding.keys`, e.g. an actions artifact's `write_tools`). */
function runOnlyArtifactKeys(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  const bound = artifactTypeFor(String(record.type))?.binding?.keys ?? [];
  return Object.keys(record).filter((key) => bound.includes(key));
}
