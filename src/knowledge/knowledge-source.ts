import { every } from '../periodic.js';
import type { Fact, VersionedFact } from './fact.js';
import { KnowledgeBase } from './knowledge-base.js';
import { type FactFileCache, type KnowledgeLoadResult, loadKnowledge } from './load-knowledge.js';

/** Gives each fact's content its version (the database: `storeFactVersions`). */
export type StoreVersions = (
  facts: readonly Fact[],
) => Promise<ReadonlyMap<string, { version: number; versionAt: Date }>>;

/**
 * The live team knowledge: KNOWLEDGE_DIR read at start and every `intervalMs` after (polled, as
 * AGENTS_DIR is). A changed content gets its new version stored before the new facts are used,
 * so every run names a version that exists; a failed store is tried again by the next reload.
 */
export class KnowledgeSource {
  private base: KnowledgeBase;
  private fingerprint: string;
  private stopPolling: () => void = () => {};
  private readonly cache: FactFileCache = new Map();

  private constructor(
    private readonly dir: string,
    private readonly store: StoreVersions,
    loaded: KnowledgeLoadResult,
    versioned: VersionedFact[],
    private readonly onChange: (base: KnowledgeBase) => void | Promise<void>,
  ) {
    this.base = new KnowledgeBase(loaded.dir, versioned, loaded.invalid);
    this.fingerprint = fingerprintOf(loaded);
  }

  /** Reads `dir` and stores the versions of its facts. */
  static async load(
    dir: string,
    store: StoreVersions,
    onChange: (base: KnowledgeBase) => void | Promise<void> = () => {},
  ): Promise<KnowledgeSource> {
    return KnowledgeSource.fromLoaded(dir, await loadKnowledge(dir), store, onChange);
  }

  /** Stores the versions of facts already read from `dir` (read while the database opened). */
  static async fromLoaded(
    dir: string,
    loaded: KnowledgeLoadResult,
    store: StoreVersions,
    onChange: (base: KnowledgeBase) => void | Promise<void> = () => {},
  ): Promise<KnowledgeSource> {
    return new KnowledgeSource(dir, store, loaded, await versionFacts(loaded.facts, store), onChange);
  }

  current(): KnowledgeBase {
    return this.base;
  }

  /** Re-reads the folder. @returns true when something changed */
  async reload(): Promise<boolean> {
    const loaded = await loadKnowledge(this.dir, this.cache);
    const fingerprint = fingerprintOf(loaded);
    if (fingerprint === this.fingerprint) return false;
    this.base = new KnowledgeBase(loaded.dir, await versionFacts(loaded.facts, this.store), loaded.invalid);
    this.fingerprint = fingerprint;
    await this.onChange(this.base);
    return true;
  }

  start(intervalMs: number, onError: (err: unknown) => void): void {
    this.stopPolling = every(intervalMs, () => this.reload(), onError);
  }

  stop(): void {
    this.stopPolling();
  }
}

async function versionFacts(facts: readonly Fact[], store: StoreVersions): Promise<VersionedFact[]> {
  const versions = await store(facts);
  return facts.map((fact) => {
    const stored = versions.get(fact.id);
    if (!stored) throw new Error(`no version was stored for the fact ${fact.id}`);
    return { ...fact, ...stored };
  });
}

function fingerprintOf(loaded: KnowledgeLoadResult): string {
  return JSON.stringify([loaded.facts.map((f) => [f.id, f.hash]), loaded.invalid]);
}
