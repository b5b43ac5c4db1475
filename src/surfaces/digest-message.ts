import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { MAX_BLOCKS_PER_MESSAGE, MAX_MESSAGE_TEXT, truncate } from '../block-kit/limits.js';
import { packLines } from '../block-kit/pack-lines.js';
import { percent, usd } from '../figures.js';

/** One agent's week, as the digest shows it. */
export interface DigestAgent {
  agent: string;
  runs: number;
  approved: number;
  /** Approved with no edit or correction, of the approved; null when none was approved. */
  zeroTouchRate: number | null;
  corrections: number;
  failures: number;
  costUsd: number | null;
  /** Why it drifts (empty: it does not). */
  drift: string[];
}

/** A team fact that needs its owner, as the digest lists it. */
export interface DigestFact {
  title: string;
  owner: string;
  why: 'due' | 'disputed';
}

export interface DigestView {
  /** The week: [from, to). */
  from: Date;
  to: Date;
  timezone: string;
  agents: DigestAgent[];
  facts: DigestFact[];
  disputesOpen: number;
}

/**
 * The weekly digest for the owners' channel: the week's totals, the agents that drift, one line
 * per agent that worked (drifting first, then by runs), and the team facts due or disputed.
 * Within a message's limits for any number of agents (the rest counted). Pure.
 */
export function renderDigest(view: DigestView): { text: string; blocks: KnownBlock[] } {
  const active = view.agents.filter((a) => a.runs > 0 || a.approved > 0 || a.corrections > 0);
  const ordered = [...active].sort(
    (a, b) => b.drift.length - a.drift.length || b.runs - a.runs || a.agent.localeCompare(b.agent),
  );
  const sum = (pick: (a: DigestAgent) => number) => active.reduce((total, a) => total + pick(a), 0);
  const cost = active.some((a) => a.costUsd === null) ? null : sum((a) => a.costUsd ?? 0);
  const approved = sum((a) => a.approved);
  const zeroTouch = sum((a) => (a.zeroTouchRate ?? 0) * a.approved);
  const period = `${day(view.from, view.timezone)} – ${day(new Date(view.to.getTime() - 1), view.timezone)}`;
  const totals =
    `*${sum((a) => a.runs)}* runs · *${approved}* approved · zero-touch ${approved > 0 ? percent(zeroTouch / approved) : '—'} · ` +
    `*${sum((a) => a.corrections)}* corrections · *${sum((a) => a.failures)}* failures · cost ${usd(cost, 2)}`;
  const drifting = ordered.filter((a) => a.drift.length > 0);
  const head: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Weekly digest · ${period}`, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: totals } },
  ];
  if (drifting.length > 0) {
    head.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `⚠ *Drifting:* ${drifting.map((a) => `${name(a.agent)} (${a.drift.map(escapeMrkdwn).join('; ')})`).join(' · ')}`,
          2900,
        ),
      },
    });
  }
  const knowledge = knowledgeBlock(view);
  const lines = ordered.map(
    (a) =>
      `${a.drift.length > 0 ? '⚠ ' : ''}*${name(a.agent)}*: ${a.runs} runs · ${a.approved} approved · zero-touch ${
        a.zeroTouchRate === null ? '—' : percent(a.zeroTouchRate)
      } · ${a.corrections} corrections · ${a.failures} failures · ${usd(a.costUsd, 2)}`,
  );
  const tail = knowledge ? [knowledge] : [];
  const used = [...head, ...tail].reduce((n, b) => n + JSON.stringify(b).length, 0);
  const packed = packLines(lines.length > 0 ? lines : ['_No agent ran this week._'], {
    maxBlocks: MAX_BLOCKS_PER_MESSAGE - head.length - tail.length,
    maxChars: Math.max(1_000, MAX_MESSAGE_TEXT - used),
    more: (hidden) => `…and ${hidden} more agents`,
  });
  return {
    text: `Weekly digest ${period}: ${sum((a) => a.runs)} runs, ${approved} approved, ${drifting.length} drifting`,
    blocks: [...head, ...packed.blocks, ...tail],
  };
}

function knowledgeBlock(view: DigestView): KnownBlock | undefined {
  if (view.facts.length === 0 && view.disputesOpen === 0) return undefined;
  const due = view.facts.filter((f) => f.why === 'due');
  const disputed = view.facts.filter((f) => f.why === 'disputed');
  const list = (facts: DigestFact[]) =>
    facts
      .slice(0, 10)
      .map((f) => `${escapeMrkdwn(oneLine(f.title))} (${escapeMrkdwn(f.owner)})`)
      .join(', ') + (facts.length > 10 ? ` and ${facts.length - 10} more` : '');
  const parts = [
    ...(due.length > 0 ? [`${due.length} fact${due.length === 1 ? '' : 's'} due: ${list(due)}`] : []),
    ...(disputed.length > 0 ? [`${disputed.length} disputed: ${list(disputed)}`] : []),
    ...(view.disputesOpen > 0
      ? [`${view.disputesOpen} correction${view.disputesOpen === 1 ? '' : 's'} waiting for a fact's owner`]
      : []),
  ];
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: truncate(`📚 Team knowledge: ${parts.join(' · ')}`, 2900) }],
  };
}

function name(agent: string): string {
  return escapeMrkdwn(oneLine(agent));
}

function day(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(at);
}
