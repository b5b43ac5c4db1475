import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, mentionOwner, mentionUser, oneLine } from '../block-kit/escape-mrkdwn.js';
import {
  blockTextLength,
  MAX_BLOCKS_PER_MESSAGE,
  MAX_MESSAGE_TEXT,
  MAX_SECTION_TEXT,
  truncate,
} from '../block-kit/limits.js';
import { slackDate } from '../block-kit/slack-date.js';
import {
  byAttention,
  describeCounts,
  describeFactName,
  type FactView,
  type KnowledgeOverview,
  plural,
} from './fact-view.js';
import { describeAge } from './sources-line.js';

/** Agent names shown on one fact before "and N more". */
const MAX_AGENTS_SHOWN = 10;
/** A "needs a change" note as quoted in the list. */
const MAX_NOTE = 300;
/** What the invalid fact files may take of the message: the facts come first. */
const MAX_PROBLEMS_TEXT = 2000;

/**
 * `/coworker knowledge`: every fact (those waiting for their owner first) with its owner, version,
 * when and by whom it was last verified, when it falls due, whether it is disputed, the agents
 * naming it and its runs in the last 30 days; then the fact files with problems. Within one
 * message's limits whatever the number of facts: those that do not fit end in "…and N more". Pure.
 */
export function renderKnowledgeList(overview: KnowledgeOverview, now: Date): { text: string; blocks: KnownBlock[] } {
  const { facts, problems } = overview;
  if (facts.length === 0 && problems.length === 0) {
    const text = `No team facts yet: add Markdown files with a header (title, owner, verify_every) to ${escapeMrkdwn(overview.dir)} (KNOWLEDGE_DIR), and name them in an agent's \`context.knowledge\`.`;
    return { text, blocks: [section(text)] };
  }
  const counts = describeCounts(facts);
  const head: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Team knowledge' } },
    context(`${counts}. Facts waiting for their owner come first. Files in ${escapeMrkdwn(overview.dir)}.`),
  ];
  const tail = problemBlocks(problems);
  // One block is kept for "…and N more".
  const maxBlocks = MAX_BLOCKS_PER_MESSAGE - head.length - tail.length - 1;
  let chars = blockTextLength(head) + blockTextLength(tail) + 100;
  const shown: KnownBlock[] = [];
  const ordered = byAttention(facts);
  for (const fact of ordered) {
    const block = section(truncate(describeFact(fact, now), MAX_SECTION_TEXT));
    const length = blockTextLength(block);
    if (shown.length >= maxBlocks || chars + length > MAX_MESSAGE_TEXT) break;
    shown.push(block);
    chars += length;
  }
  const more =
    shown.length < ordered.length
      ? [context(`…and ${plural(ordered.length - shown.length, 'more fact')} (in ${escapeMrkdwn(overview.dir)}).`)]
      : [];
  return { text: `Team knowledge: ${counts}`, blocks: [...head, ...shown, ...more, ...tail] };
}

/** One fact, four lines: name and owner; verified and due; disputes (when any); who uses it. */
export function describeFact(fact: FactView, now: Date): string {
  const lines = [`${describeFactName(fact)} · v${fact.version} · owner ${mentionOwner(fact.owner)}`];
  const verified = `Verified ${describeAge(fact.verifiedAt, now)} ${fact.verifiedBy ? `by ${mentionUser(fact.verifiedBy)}` : 'by its change'}`;
  const due = fact.due ? `⚠ due since ${slackDate(fact.dueAt)}` : `due ${slackDate(fact.dueAt)}`;
  lines.push(`${verified} · ${due}`);
  if (fact.needsChange) {
    const note = fact.needsChange.note ? `: “${escapeMrkdwn(truncate(oneLine(fact.needsChange.note), MAX_NOTE))}”` : '';
    lines.push(
      `⚠ Disputed: ${mentionUser(fact.needsChange.by)} said it needs a change ${describeAge(fact.needsChange.at, now)}${note}`,
    );
  }
  if (fact.openDisputes > 0)
    lines.push(`⚠ Disputed: ${plural(fact.openDisputes, 'open dispute')}, waiting for its owner`);
  lines.push(describeUse(fact));
  return lines.join('\n');
}

function describeUse(fact: FactView): string {
  const names = fact.agents.slice(0, MAX_AGENTS_SHOWN).map((a) => `\`${a}\``);
  if (fact.agents.length > names.length) names.push(`and ${fact.agents.length - names.length} more`);
  const agents = names.length > 0 ? `Used by ${names.join(', ')}` : 'No agent names it';
  if (fact.runs === undefined) return agents;
  return `${agents} · ${fact.runs === 0 ? 'no runs' : plural(fact.runs, 'run')} in the last 30 days`;
}

function problemBlocks(problems: readonly string[]): KnownBlock[] {
  if (problems.length === 0) return [];
  const text = `*Fact files with problems*\nAn agent naming one of them is switched off until it is fixed (\`coworker validate\` checks them).\n${problems.map((p) => `• ${escapeMrkdwn(p)}`).join('\n')}`;
  return [{ type: 'divider' }, section(truncate(text, MAX_PROBLEMS_TEXT))];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}
