import path from 'node:path';
import type { LocateLine } from './describe-issues.js';
import type { LoadedAgent } from './loaded-agent.js';
import type { SpecProblem } from './spec-problem.js';

/** The fact ids KNOWLEDGE_DIR offers, as the spec loader checks `context.knowledge` against them. */
export interface KnownFacts {
  /** KNOWLEDGE_DIR, resolved (named in the problem). */
  dir: string;
  ids: ReadonlySet<string>;
  /** Ids of fact files that exist but are not usable facts (their own problems say why). */
  invalid: ReadonlySet<string>;
}

/** A problem at its entry for each `context.knowledge` id that is not a usable fact. */
export function factRefProblems(agent: LoadedAgent, known: KnownFacts, locate: LocateLine): SpecProblem[] {
  const folder = path.relative(process.cwd(), known.dir) || '.';
  return agent.spec.context.knowledge.flatMap((id, index) => {
    if (known.ids.has(id)) return [];
    const line = locate(['context', 'knowledge', index]);
    const message = known.invalid.has(id)
      ? `the fact "${id}" (${folder}/${id}.md) has problems of its own: fix them first`
      : `there is no fact "${id}": KNOWLEDGE_DIR (${folder}) has no ${id}.md${
          known.ids.size > 0 ? ` (facts: ${[...known.ids].sort().join(', ')})` : ''
        }`;
    return [{ path: `context.knowledge[${index}]`, ...(line === undefined ? {} : { line }), message }];
  });
}
