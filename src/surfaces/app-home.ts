import type { HomeView, KnownBlock } from '@slack/types';
import { escapeMrkdwn } from '../block-kit/escape-mrkdwn.js';
import { MAX_BLOCKS_PER_VIEW, MAX_FIELD_TEXT, MAX_SECTION_TEXT, truncate } from '../block-kit/limits.js';
import type { KnowledgeOverview } from './fact-view.js';
import { renderKnowledgeSummary } from './knowledge-summary.js';

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

export interface HomeInput {
  scores: readonly AgentScore[];
  /** Lines such as `agents/foo.yaml:12: triggers.command: …` (and those of invalid fact files). */
  problems: readonly string[];
  /** Team knowledge: its counts and the facts waiting for their owner are summed up under the header. */
  knowledge?: KnowledgeOverview;
}

/**
 * App Home: the supervisor's scorecard, one section per agent (runs, pending reviews, approval
 * and zero-touch rates, corrections, failures, cost per approved artifact, median time to
 * decision), then the invalid specs with their errors. The team-knowledge summary (facts due or
 * disputed first) sits under the header. At most 100 blocks.
 */
export function renderAppHome(input: HomeInput): HomeView {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Coworker scorecard' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Zero-touch: approved with no edit and no correction. Agents that drift show it here first.',
        },
      ],
    },
  ];
  if (input.knowledge) blocks.push(...renderKnowledgeSummary(input.knowledge));
  const problemBlocks = renderProblems(input.problems);
  const room = MAX_BLOCKS_PER_VIEW - blocks.length - problemBlocks.length - 1;
  const shown = input.scores.slice(0, Math.max(0, room));
  if (input.scores.length === 0) blocks.push(section('No agents are loaded. Add a spec to the agents folder.'));
  for (const score of shown) blocks.push(agentSection(score));
  if (shown.length < input.scores.length)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${input.scores.length - shown.length} more agents.` }],
    });
  blocks.push(...problemBlocks);
  return { type: 'home', blocks };
}

function agentSection(s: AgentScore): KnownBlock {
  const fields = [
    `*Runs*\n${s.runs}`,
    `*Pending reviews*\n${s.pending}`,
    `*Approval rate*\n${percent(s.approvalRate)}${s.decided > 0 ? ` (${s.approved}/${s.decided})` : ''}`,
    `*Zero-touch*\n${percent(s.zeroTouchRate)}`,
    `*Corrections*\n${s.corrections}`,
    `*Failures*\n${s.failures}`,
    `*Cost per approved*\n${s.costPerApproved === null ? '—' : `$${s.costPerApproved.toFixed(4)}`}`,
    `*Median time to decision*\n${duration(s.medianDecisionSeconds)}`,
  ];
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: `*${escapeMrkdwn(s.agent)}*` },
    fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, MAX_FIELD_TEXT) })),
  };
}

function renderProblems(problems: readonly string[]): KnownBlock[] {
  if (problems.length === 0) return [];
  const text = `*Spec problems*\nAn invalid spec is switched off until it is fixed, and so is an agent naming an invalid fact file; an unknown channel only keeps the agent out of that channel.\n${problems.map((p) => `• ${escapeMrkdwn(p)}`).join('\n')}`;
  return [{ type: 'divider' }, section(truncate(text, MAX_SECTION_TEXT))];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** 42 s, 7 min, 3.5 h, 2.1 d */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  if (seconds < 36 * 3600) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}
