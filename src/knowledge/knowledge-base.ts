import type { KnownFacts } from '../specs/fact-ref-problems.js';
import type { InvalidSpec } from '../specs/spec-problem.js';
import type { VersionedFact } from './fact.js';
import { knownFactsOf } from './load-knowledge.js';

/** The team's facts as loaded once: immutable, swapped whole when KNOWLEDGE_DIR changes. */
export class KnowledgeBase {
  private readonly byId: ReadonlyMap<string, VersionedFact>;

  constructor(
    /** KNOWLEDGE_DIR, resolved. */
    readonly dir: string,
    facts: readonly VersionedFact[],
    private readonly problems: readonly InvalidSpec[] = [],
  ) {
    this.byId = new Map(facts.map((fact) => [fact.id, fact]));
  }

  static empty(dir: string): KnowledgeBase {
    return new KnowledgeBase(dir, []);
  }

  get(id: string): VersionedFact | undefined {
    return this.byId.get(id);
  }

  /** The facts `ids` names that exist, in that order. */
  pick(ids: readonly string[]): VersionedFact[] {
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }

  all(): VersionedFact[] {
    return [...this.byId.values()];
  }

  /** What `context.knowledge` may name now (for the spec loader). */
  known(): KnownFacts {
    return knownFactsOf({ dir: this.dir, facts: this.all(), invalid: [...this.problems] });
  }

  /** Fact files that could not be used, with their problems. */
  invalid(): readonly InvalidSpec[] {
    return this.problems;
  }
}
