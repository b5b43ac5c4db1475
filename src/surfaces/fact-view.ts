import { escapeMrkdwn, oneLine } from '../block-kit/escape-mrkdwn.js';

/** A team fact as the knowledge surfaces show it: its file's header, where its version stands, who uses it. */
export interface FactView {
  /** The file name without `.md` (what `context.knowledge` names). */
  id: string;
  title: string;
  /** A user ID or a user-group handle (`@support-leads`). */
  owner: string;
  version: number;
  /** Its last Verify, or when this content was first seen (a change verifies it). */
  verifiedAt: Date;
  /** Who pressed Verify; absent: verified by its change. */
  verifiedBy?: string;
  dueAt: Date;
  due: boolean;
  /** The newest word on this version was "needs a change". */
  needsChange?: { by: string; at: Date; note: string | null };
  /** Corrections contradicting it that wait for its owner. */
  openDisputes: number;
  /** The loaded agents whose `context.knowledge` names it. */
  agents: readonly string[];
  /** Runs given it in the last 30 days; absent when not counted. */
  runs?: number;
}

/** What KNOWLEDGE_DIR holds now, for `/coworker knowledge` and App Home. */
export interface KnowledgeOverview {
  /** KNOWLEDGE_DIR as people know it (relative to the working folder). */
  dir: string;
  facts: readonly FactView[];
  /** Fact files that are not usable, one line per problem: `knowledge/x.md:3: owner: …`. */
  problems: readonly string[];
}

/** Whether a fact waits for its owner: past its `verify_every`, or disputed. */
export function needsOwner(fact: FactView): boolean {
  return fact.due || fact.needsChange !== undefined || fact.openDisputes > 0;
}

/** The facts that wait for their owner first (most overdue first), then the others by title. Pure. */
export function byAttention(facts: readonly FactView[]): FactView[] {
  return [...facts].sort((a, b) => {
    const attention = Number(needsOwner(b)) - Number(needsOwner(a));
    if (attention !== 0) return attention;
    if (needsOwner(a)) return a.dueAt.getTime() - b.dueAt.getTime() || a.title.localeCompare(b.title);
    return a.title.localeCompare(b.title) || a.id.localeCompare(b.id);
  });
}

/** `*Refund policy* (`refund-policy`)`: the title people know, the id specs use. */
export function describeFactName(fact: Pick<FactView, 'id' | 'title'>): string {
  return `*${escapeMrkdwn(oneLine(fact.title))}* (\`${fact.id}\`)`;
}

/** The counts a summary starts with: `3 facts · 1 due · 1 disputed (2 open disputes)`. */
export function describeCounts(facts: readonly FactView[]): string {
  const due = facts.filter((f) => f.due).length;
  const disputed = facts.filter((f) => f.needsChange !== undefined || f.openDisputes > 0).length;
  const open = facts.reduce((sum, f) => sum + f.openDisputes, 0);
  const parts = [plural(facts.length, 'fact'), `${due} due`, `${disputed} disputed`];
  if (open > 0) parts.push(plural(open, 'open dispute'));
  return parts.join(' · ');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
