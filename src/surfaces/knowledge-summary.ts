import type { KnownBlock } from '@slack/types';
import { mentionOwner } from '../block-kit/escape-mrkdwn.js';
import { MAX_SECTION_TEXT, truncate } from '../block-kit/limits.js';
import { slackDate } from '../block-kit/slack-date.js';
import {
  byAttention,
  describeCounts,
  describeFactName,
  type FactView,
  type KnowledgeOverview,
  needsOwner,
  plural,
} from './fact-view.js';

/** Facts waiting for their owner that App Home names; `/coworker knowledge` lists them all. */
export const MAX_HOME_FACTS = 5;

/**
 * App Home's team-knowledge summary: the counts, then the first few facts that wait for their
 * owner (due or disputed), each with its owner. Two blocks at most (a section and a divider under it);
 * none when KNOWLEDGE_DIR holds no facts. The invalid fact files are listed with the spec problems. Pure.
 */
export function renderKnowledgeSummary(overview: KnowledgeOverview): KnownBlock[] {
  const { facts } = overview;
  if (facts.length === 0) return [];
  const waiting = byAttention(facts).filter(needsOwner);
  const lines = [`*Team knowledge* · ${describeCounts(facts)}`];
  if (waiting.length === 0)
    lines.push(
      facts.length === 1 ? 'It is verified and undisputed.' : `All ${facts.length} are verified and undisputed.`,
    );
  for (const fact of waiting.slice(0, MAX_HOME_FACTS))
    lines.push(`⚠ ${describeFactName(fact)}, owner ${mentionOwner(fact.owner)}: ${describeWait(fact)}`);
  if (waiting.length > MAX_HOME_FACTS)
    lines.push(`…and ${waiting.length - MAX_HOME_FACTS} more waiting: \`/coworker knowledge\` lists every fact.`);
  else lines.push('`/coworker knowledge` lists every fact, who owns it and which agents use it.');
  return [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), MAX_SECTION_TEXT) } },
    { type: 'divider' },
  ];
}

function describeWait(fact: FactView): string {
  const parts: string[] = [];
  if (fact.due) parts.push(`due since ${slackDate(fact.dueAt)}`);
  if (fact.needsChange) parts.push('marked as needing a change');
  if (fact.openDisputes > 0) parts.push(plural(fact.openDisputes, 'open dispute'));
  return parts.join(', ');
}
