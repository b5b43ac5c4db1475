import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import type { AnyArtifactType } from '../artifacts/artifact-type.js';
import type { ArtifactOptions } from '../artifacts/index.js';
import { artifactTypeFor } from '../artifacts/index.js';
import { ATTACHMENT_LIMITS } from '../attachments/attachment-limits.js';
import type { AttachmentReport } from '../attachments/attachment-report.js';
import { describeAttachments } from '../attachments/describe-attachments.js';
import { escapeMrkdwn, mentionUser, oneLine } from '../block-kit/escape-mrkdwn.js';
import {
  blockTextLength,
  fitBlocks,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT,
  MAX_SECTION_TEXT,
  MAX_TOP_LEVEL_TEXT,
  REVIEW_SURFACE_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { slackDate } from '../block-kit/slack-date.js';
import type { ActionId } from './action-ids.js';
import { actionIds, encodeReviewRef } from './action-ids.js';
import type { TriggerInfo } from './describe-trigger.js';
import { describeTrigger } from './describe-trigger.js';
import { type SourceView, sourcesLine } from './sources-line.js';

/** Where a review stands; the database record is the truth, this is what the message shows of it. */
export type ReviewState =
  | { status: 'pending' }
  | { status: 'approved' | 'rejected' /** Slack user id */; by: string; at: Date; edited?: boolean }
  | { status: 'superseded'; byVersion?: number }
  | { status: 'expired'; at: Date };

/** Everything a review message shows. */
export interface ReviewView {
  agent: string;
  artifact: {
    id: string;
    version: number;
    options: ArtifactOptions;
    /** Content already validated by the type's content schema. */
    content: unknown;
  };
  trigger: TriggerInfo;
  state: ReviewState;
  /** How many of the agent's corrections were in this run's prompt. */
  correctionsUsed: number;
  /** Distinct approvals so far and the quorum; a line is shown when the quorum is above 1. */
  approvals?: { count: number; needed: number };
  /** Which files attached to the triggering message the run read and skipped; a line when present. */
  attachments?: AttachmentReport;
  /** The tool calls the run made, in order, as `server.tool` (`refused`: asked for, never executed). */
  toolCalls?: ReadonlyArray<{ tool: string; refused: boolean }>;
  /** The team facts the run was given, with their verification now; a line when present. */
  sources?: readonly SourceView[];
  /** What "now" is for the sources' ages (default: the clock). */
  now?: Date;
}

/** A rendered review message; when `fullText` is set, the surface was cut and the caller attaches it in the thread. */
export interface RenderedReview {
  /** Notification fallback, at most 3000 characters: agent, state and a short preview. */
  text: string;
  blocks: KnownBlock[];
  /** The whole artifact as text, present only when the surface in `blocks` was truncated. */
  fullText?: string;
}

/** Shown under a surface that was cut. */
export const TRUNCATED_NOTE = 'Truncated in Slack — the full version is attached in the thread';

const MAX_AGENT_NAME = 80;
const MAX_PREVIEW = 300;
/** Ten file names and reasons fit; a context element holds at most 3000 characters. */
const MAX_ATTACHMENTS_LINE = 1500;

/**
 * Renders the review message for one artifact version: a context line (agent, trigger,
 * version, corrections), the artifact's review surface, then by state either the Approve / Edit
 * / Reject buttons (pending), the outcome (decided, superseded) or the expiry with a Re-run
 * button. Always within Block Kit limits (at most 50 blocks, {@link MAX_MESSAGE_TEXT}
 * characters of text); content that does not parse as its type is shown as JSON rather than
 * failing. Pure; throws only if the artifact id is absurdly long (see `encodeReviewRef`).
 */
export function renderReviewMessage(view: ReviewView): RenderedReview {
  const type = artifactTypeFor(view.artifact.options.type);
  const head = [headline(view), ...attachmentsLine(view)];
  const state = stateBlocks(view);
  const note = context(TRUNCATED_NOTE);
  const provenance = [
    ...sourcesLine(view.sources ?? [], view.now ?? new Date()),
    ...toolCallsLine(view.toolCalls ?? []),
  ];
  const chrome = [...head, ...provenance, ...state];

  // The surface gets what the chrome leaves, the truncation note included in case it is needed.
  const maxBlocks = MAX_BLOCKS_PER_MESSAGE - chrome.length - 1;
  const maxChars = Math.min(REVIEW_SURFACE_TEXT, MAX_MESSAGE_TEXT - blockTextLength([...chrome, note]));
  const surface = renderSurface(type, view.artifact, maxBlocks, maxChars);

  const blocks = [...head, ...surface.blocks, ...(surface.truncated ? [note] : []), ...provenance, ...state];
  const rendered: RenderedReview = { text: fallbackText(view, surface.text), blocks };
  if (surface.truncated) rendered.fullText = surface.text;
  return rendered;
}

interface Surface {
  blocks: KnownBlock[];
  truncated: boolean;
  /** The whole artifact as text. */
  text: string;
}

function renderSurface(
  type: AnyArtifactType,
  artifact: ReviewView['artifact'],
  maxBlocks: number,
  maxChars: number,
): Surface {
  const parsed = type.contentSchema(artifact.options).safeParse(artifact.content);
  if (!parsed.success) return renderUnparsed(artifact.content, maxChars);
  const rendered = type.renderReview(parsed.data, artifact.options, maxBlocks, maxChars);
  // A safety net: a module that overspends its budget is cut here, never rejected by Slack.
  const fitted = fitBlocks(rendered.blocks, { maxBlocks, maxChars });
  return {
    blocks: fitted.blocks,
    truncated: rendered.truncated || fitted.truncated,
    text: type.toText(parsed.data, artifact.options),
  };
}

/** Content that does not match its type (a changed spec, a bug): shown as JSON, never dropped. */
function renderUnparsed(content: unknown, maxChars: number): Surface {
  const json = JSON.stringify(content, null, 2) ?? String(content);
  const warning = context('_This content does not match its artifact type; it is shown as stored._');
  const room = Math.min(MAX_SECTION_TEXT, maxChars - blockTextLength(warning)) - '```\n\n```'.length;
  const code = truncate(escapeMrkdwn(json), room);
  return {
    blocks: [warning, { type: 'section', text: { type: 'mrkdwn', text: `\`\`\`\n${code}\n\`\`\`` } }],
    truncated: code !== escapeMrkdwn(json),
    text: json,
  };
}

function headline(view: ReviewView): KnownBlock {
  const parts = [`*${truncate(escapeMrkdwn(oneLine(view.agent)), MAX_AGENT_NAME)}*`, describeTrigger(view.trigger)];
  if (view.artifact.version > 1) parts.push(`version ${view.artifact.version}`);
  if (view.correctionsUsed > 0)
    parts.push(`shaped by ${view.correctionsUsed} ${view.correctionsUsed === 1 ? 'correction' : 'corrections'}`);
  return context(parts.join(' · '));
}

/** Names are people's file names: escaped, and the line cut to fit one context element. */
function attachmentsLine(view: ReviewView): KnownBlock[] {
  const line = view.attachments && describeAttachments(view.attachments, ATTACHMENT_LIMITS);
  return line ? [context(`📎 ${truncate(escapeMrkdwn(oneLine(line)), MAX_ATTACHMENTS_LINE)}`)] : [];
}

const MAX_PROVENANCE = 1000;

/**
 * Where the run looked things up: `Looked up: crm.search_nodes ×2, docs.fetch`, and the calls it
 * asked for but was refused (write tools, unknown names), so reviewers see those too.
 */
function toolCallsLine(calls: ReadonlyArray<{ tool: string; refused: boolean }>): KnownBlock[] {
  if (calls.length === 0) return [];
  const tally = (refused: boolean) => {
    const counts = new Map<string, number>();
    for (const call of calls) if (call.refused === refused) counts.set(call.tool, (counts.get(call.tool) ?? 0) + 1);
    return [...counts].map(([tool, n]) => `${escapeMrkdwn(oneLine(tool))}${n > 1 ? ` ×${n}` : ''}`).join(', ');
  };
  const parts = [];
  const made = tally(false);
  const refused = tally(true);
  if (made !== '') parts.push(`🔎 Looked up: ${made}`);
  if (refused !== '') parts.push(`Refused during the run: ${refused}`);
  return [context(truncate(parts.join(' · '), MAX_PROVENANCE))];
}

function stateBlocks(view: ReviewView): KnownBlock[] {
  const ref = encodeReviewRef({ artifactId: view.artifact.id, version: view.artifact.version });
  const { state, approvals } = view;
  const tally =
    approvals !== undefined && approvals.needed > 1 ? `${approvals.count} of ${approvals.needed} approvals` : undefined;
  switch (state.status) {
    case 'pending': {
      const actions: ActionsBlock = {
        type: 'actions',
        elements: [
          button('Approve', actionIds.reviewApprove, ref, 'primary'),
          button('Edit', actionIds.reviewEdit, ref),
          button('Reject', actionIds.reviewReject, ref, 'danger'),
        ],
      };
      return tally === undefined ? [actions] : [context(tally), actions];
    }
    case 'approved':
    case 'rejected': {
      const outcome =
        state.status === 'rejected'
          ? '❌ *Rejected*'
          : state.edited === true
            ? '✅ *Approved with edits*'
            : '✅ *Approved*';
      const line = `${outcome} by ${mentionUser(state.by)} ${slackDate(state.at)}`;
      return [context(tally === undefined ? line : `${line} · ${tally}`)];
    }
    case 'superseded': {
      const by = state.byVersion === undefined ? 'a newer version' : `version ${state.byVersion}`;
      return [context(`↩️ *Superseded* by ${by} — this version will not be applied.`)];
    }
    case 'expired':
      return [
        context(`⌛ *Expired* ${slackDate(state.at)} — nothing was applied.`),
        { type: 'actions', elements: [button('Re-run', actionIds.reviewRerun, ref)] },
      ];
    default: {
      const unknown: never = state;
      return unknown;
    }
  }
}

function fallbackText(view: ReviewView, fullText: string): string {
  const agent = escapeMrkdwn(oneLine(view.agent));
  const status: Record<ReviewState['status'], string> = {
    pending: 'needs a review',
    approved: 'approved',
    rejected: 'rejected',
    superseded: 'superseded',
    expired: 'review expired',
  };
  // Only the start is needed; a megabyte of text need not be collapsed to preview it.
  const preview = truncate(escapeMrkdwn(oneLine(fullText.slice(0, MAX_PREVIEW * 4))), MAX_PREVIEW);
  return truncate(`${truncate(agent, MAX_AGENT_NAME)} — ${status[view.state.status]}: ${preview}`, MAX_TOP_LEVEL_TEXT);
}

function button(text: string, actionId: ActionId, value: string, style?: Button['style']): Button {
  const element: Button = { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value };
  if (style !== undefined) element.style = style;
  return element;
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
