import type { Button, HomeView, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { escapeMrkdwn } from '../block-kit/escape-mrkdwn.js';
import { MAX_BLOCKS_PER_VIEW, MAX_FIELD_TEXT, MAX_SECTION_TEXT, truncate } from '../block-kit/limits.js';
import { percent, usd } from '../figures.js';
import { actionIds } from './action-ids.js';
import type { KnowledgeOverview } from './fact-view.js';
import { renderKnowledgeSummary } from './knowledge-summary.js';
import { sparkline } from './sparkline.js';

/** One agent's row on the supervisor's scorecard. Rates are 0..1, null when nothing was decided yet. */
export interface AgentScore {
  agent: string;
  runs: number;
  failures: number;
  pending: number;
  approved: number;
  decided: number;
  approvalRate: number | null;
  /** Approved as produced: no edit, no correction anywhere in its lineage. */
  zeroTouchRate: number | null;
  corrections: number;
  costUsd: number | null;
  costPerApproved: number | null;
  medianDecisionSeconds: number | null;
}

/** An agent's row on App Home: its scorecard, why it needs a person, its runs per day. */
export interface HomeAgentRow extends AgentScore {
  /** Runs that failed in the last 7 days. */
  recentFailures: number;
  /** Why it drifts (empty: it does not). */
  drift: readonly string[];
  /** Runs per day, oldest first (the sparkline). */
  runsPerDay: readonly number[];
}

/** One page of App Home's agents, already ordered by need. */
export interface HomePage {
  agents: readonly HomeAgentRow[];
  /** Agents matching the filter, over every page. */
  total: number;
  /** 0-based. */
  page: number;
  /** Index of this page's first agent among all of them. */
  first: number;
  pages: number;
  /** The channel filter (a normalized channel reference), if any. */
  channel?: string | undefined;
  /** The channels agents are bound to, offered by the filter. */
  channels: readonly string[];
}

export interface HomeInput {
  board: HomePage;
  /** Lines such as `agents/foo.yaml:12: triggers.command: …` (and those of invalid fact files). */
  problems: readonly string[];
  /** Team knowledge: its counts and the facts waiting for their owner are summed up under the header. */
  knowledge?: KnowledgeOverview;
}

/** The page and filter a navigation button or the channel menu asks for. */
export const HomeNavigation = z.strictObject({
  page: z.number().int().min(0),
  channel: z.string().max(80).optional(),
});
export type HomeNavigation = z.infer<typeof HomeNavigation>;

/** Options a static select may hold; the rest of the channels are reached by paging. */
const MAX_FILTER_OPTIONS = 100;
const ALL_CHANNELS = '*';

/**
 * App Home: the supervisor's view. One page of agents, those that need a person first (failing,
 * drifting, most pending), each with its runs per day as a sparkline and its scorecard (runs,
 * pending reviews, approval and zero-touch rates, corrections, failures, cost per approved
 * artifact, median time to decision); a channel filter and Previous / Next; then the invalid
 * specs with their errors. The team-knowledge summary (facts due or disputed first) sits under the
 * header. Within the Home tab's 100 blocks for any number of agents. Pure.
 */
export function renderAppHome(input: HomeInput): HomeView {
  const { board } = input;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Coworker scorecard' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Agents that need a person come first: failing this week, drifting (approval below the 30 days before, corrections rising), most pending. Zero-touch: approved with no edit and no correction. Sparkline: runs per day, last 14 days.',
        },
      ],
    },
  ];
  if (input.knowledge) blocks.push(...renderKnowledgeSummary(input.knowledge));
  if (board.channels.length > 0) blocks.push(filterBlock(board));
  const problemBlocks = renderProblems(input.problems);
  const room = MAX_BLOCKS_PER_VIEW - blocks.length - problemBlocks.length - 3;
  const shown = board.agents.slice(0, Math.max(0, room));
  if (board.total === 0)
    blocks.push(
      section(
        board.channel === undefined
          ? 'No agents are loaded. Add a spec to the agents folder.'
          : `No agent runs in ${escapeMrkdwn(board.channel)}.`,
      ),
    );
  for (const agent of shown) blocks.push(agentSection(agent));
  if (board.pages > 1 || shown.length < board.agents.length) blocks.push(...pagingBlocks(board, shown.length));
  blocks.push(...problemBlocks);
  return { type: 'home', blocks };
}

function filterBlock(board: HomePage): KnownBlock {
  const option = (value: string, label: string) => ({
    text: { type: 'plain_text' as const, text: truncate(label, 75) },
    value: encodeNavigation({ page: 0, ...(value === ALL_CHANNELS ? {} : { channel: value }) }),
  });
  const options = [
    option(ALL_CHANNELS, 'All channels'),
    ...board.channels.slice(0, MAX_FILTER_OPTIONS - 1).map((c) => option(c, /^[CG][A-Z0-9]+$/.test(c) ? c : `#${c}`)),
  ];
  const selected = options.find(
    (o) => o.value === encodeNavigation({ page: 0, ...(board.channel ? { channel: board.channel } : {}) }),
  );
  return {
    type: 'actions',
    elements: [
      {
        type: 'static_select',
        action_id: actionIds.homeChannel,
        placeholder: { type: 'plain_text', text: 'Filter by channel' },
        options,
        ...(selected ? { initial_option: selected } : {}),
      },
    ],
  };
}

function pagingBlocks(board: HomePage, shown: number): KnownBlock[] {
  const label = `Agents ${board.first + 1}–${board.first + shown} of ${board.total} · page ${board.page + 1} of ${board.pages}`;
  const buttons: Button[] = [];
  const go = (text: string, page: number): Button => ({
    type: 'button',
    action_id: page < board.page ? actionIds.homePrevious : actionIds.homeNext,
    text: { type: 'plain_text', text },
    value: encodeNavigation({ page, ...(board.channel ? { channel: board.channel } : {}) }),
  });
  if (board.page > 0) buttons.push(go('Previous', board.page - 1));
  if (board.page < board.pages - 1) buttons.push(go('Next', board.page + 1));
  const where: KnownBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: label }] };
  return buttons.length === 0 ? [where] : [where, { type: 'actions', elements: buttons }];
}

/** The value of a navigation control: compact JSON, always far below Slack's 2000 (150 for options) characters. */
export function encodeNavigation(navigation: HomeNavigation): string {
  return JSON.stringify(navigation);
}

/** The navigation in a control's value, or undefined for anything else (never throws). */
export function decodeNavigation(value: string | undefined): HomeNavigation | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = HomeNavigation.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined; // not JSON: not one of ours
  }
}

function agentSection(s: HomeAgentRow): KnownBlock {
  const fields = [
    `*Runs*\n${s.runs}`,
    `*Pending reviews*\n${s.pending}`,
    `*Approval rate*\n${rate(s.approvalRate)}${s.decided > 0 ? ` (${s.approved}/${s.decided})` : ''}`,
    `*Zero-touch*\n${rate(s.zeroTouchRate)}`,
    `*Corrections*\n${s.corrections}`,
    `*Failures*\n${s.failures}`,
    `*Cost per approved*\n${s.costPerApproved === null ? '—' : usd(s.costPerApproved)}`,
    `*Median time to decision*\n${duration(s.medianDecisionSeconds)}`,
  ];
  const needs = [
    ...(s.recentFailures > 0 ? [`failing: ${s.recentFailures} this week`] : []),
    ...(s.drift.length > 0 ? [`drifting: ${s.drift.join('; ')}`] : []),
  ];
  const head = `*${escapeMrkdwn(s.agent)}*  \`${sparkline(s.runsPerDay)}\`${needs.length > 0 ? `\n⚠ ${escapeMrkdwn(needs.join(' · '))}` : ''}`;
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(head, MAX_SECTION_TEXT) },
    fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, MAX_FIELD_TEXT) })),
  };
}

function renderProblems(problems: readonly string[]): KnownBlock[] {
  if (problems.length === 0) return [];
  const text = `*Spec problems*\nAn invalid spec is switched off until it is fixed; an unknown channel only keeps the agent out of that channel.\n${problems.map((p) => `• ${escapeMrkdwn(p)}`).join('\n')}`;
  return [{ type: 'divider' }, section(truncate(text, MAX_SECTION_TEXT))];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function rate(value: number | null): string {
  return value === null ? '—' : percent(value);
}

/** 42 s, 7 min, 3.5 h, 2.1 d */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}
