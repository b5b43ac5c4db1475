import { every } from '../periodic.js';
import { AgentRegistry } from './agent-registry.js';
import type { KnownFacts } from './fact-ref-problems.js';
import { loadSpecs, type SpecLoadResult } from './load-specs.js';
import { SpecCache, type SpecYamlStore } from './spec-cache.js';

/** How a SpecSource loads, besides the folder and `${VAR}` values. */
export interface SpecSourceOptions {
  /** The model ids a spec may name (see `knownModels`); default: the model table. */
  models?: readonly string[];
  /** Where the YAML of files seen before is remembered between starts (see `SpecYamlStore`). */
  yamlStore?: SpecYamlStore;
  /** The team facts `context.knowledge` may name, asked on every load (see `LoadSpecsOptions`). */
  knownFacts?: () => KnownFacts;
}

/**
 * The live set of agents: loaded from AGENTS_DIR at start and re-read every `intervalMs`
 * (polling survives editors' atomic saves, network folders and container mounts, where file
 * watching does not). A changed folder swaps in a new immutable registry. Unchanged files are
 * not parsed again (a cache by path, size and times), and in a conflict between agents the ones
 * already loaded keep working: a newer file with a taken name or command is switched off.
 */
export class SpecSource {
  private registry: AgentRegistry;
  private fingerprint: string;
  private stopPolling: () => void = () => {};

  private constructor(
    private readonly dir: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly options: SpecSourceOptions,
    private readonly cache: SpecCache,
    initial: SpecLoadResult,
    private readonly onChange: (registry: AgentRegistry) => void | Promise<void>,
  ) {
    this.registry = new AgentRegistry(initial);
    this.fingerprint = fingerprintOf(initial);
  }

  static async load(
    dir: string,
    env: Readonly<Record<string, string | undefined>>,
    onChange: (registry: AgentRegistry) => void | Promise<void> = () => {},
    options: SpecSourceOptions = {},
  ): Promise<SpecSource> {
    const cache = new SpecCache(options.yamlStore);
    return new SpecSource(dir, env, options, cache, await loadSpecs(dir, env, { ...options, cache }), onChange);
  }

  current(): AgentRegistry {
    return this.registry;
  }

  /** Re-reads the folder. @returns true when something changed */
  async reload(): Promise<boolean> {
    const loaded = new Set(this.registry.all().map((agent) => agent.file));
    const result = await loadSpecs(this.dir, this.env, { ...this.options, cache: this.cache, loaded });
    const fingerprint = fingerprintOf(result);
    if (fingerprint === this.fingerprint) return false;
    this.registry = new AgentRegistry(result);
    await this.onChange(this.registry);
    // Only once everyone was told: a failed onChange is retried by the next reload.
    this.fingerprint = fingerprint;
    return true;
  }

  /** Re-reads the folder every `intervalMs` until `stop()`. */
  start(intervalMs: number, onError: (err: unknown) => void): void {
    this.stopPolling = every(intervalMs, () => this.reload(), onError);
  }

  stop(): void {
    this.stopPolling();
  }
}

function fingerprintOf(result: SpecLoadResult): string {
  return JSON.stringify([result.agents.map((a) => [a.file, a.hash]), result.invalid, result.warnings]);
}
