import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';
import { truncate } from '../block-kit/limits.js';

/** A team fact a run was given, as its review names it. */
export interface SourceView {
  title: string;
  verifiedAt: Date;
  /** Past its `verify_every` since it was last verified (or changed). */
  due: boolean;
  /** Someone said it needs a change, or a correction contradicting it waits for its owner. */
  disputed: boolean;
}

/** Twenty titles of 150 characters and their ages fit; a context element holds at most 3000. */
const MAX_SOURCES_LINE = 2900;

/**
 * `Sources: Refund policy (verified 12 d ago) · ⚠ Price list (due, verified 95 d ago)`, one
 * context block; none without sources. Pure.
 */
export function sourcesLine(sources: readonly SourceView[], now: Date): KnownBlock[] {
  if (sources.length === 0) return [];
  const parts = sources.map((s) => describeSource(s, now, escapeMrkdwn(oneLine(s.title))));
  return [
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: truncate(`📚 Sources: ${parts.join(' · ')}`, MAX_SOURCES_LINE) }],
    },
  ];
}

/** `Refund policy (verified 12 d ago)`, `⚠ Price list (due, verified 95 d ago)`; `title` as given (escape it for mrkdwn). */
export function describeSource(source: SourceView, now: Date, title = source.title): string {
  const flags = [...(source.disputed ? ['disputed'] : []), ...(source.due ? ['due'] : [])];
  const age = `verified ${describeAge(source.verifiedAt, now)}`;
  return flags.length > 0 ? `⚠ ${title} (${[...flags, age].join(', ')})` : `${title} (${age})`;
}

/** `today`, `1 d ago`, `12 d ago`: days, as people count how fresh a policy is. */
export function describeAge(at: Date, now: Date): string {
  const days = Math.floor((now.getTime() - at.getTime()) / 86_400_000);
  return days <= 0 ? 'today' : `${days} d ago`;
}
