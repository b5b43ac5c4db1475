import { every } from '../periodic.js';
import { AgentRegistry } from './agent-registry.js';
import { loadSpecs, type SpecLoadResult } from './load-specs.js';

/**
 * The live set of agents: loaded from AGENTS_DIR at start and re-read every `intervalMs`
 * (polling survives editors' atomic saves, network folders and container mounts, where file
 * watching does not). A changed folder swaps in a new immutable registry.
 */
export class SpecSource {
  private registry: AgentRegistry;
  private fingerprint: string;
  private stopPolling: () => void = () => {};

  private constructor(
    private readonly dir: string,
    private readonly env: Readonly<Record<string, string | undefined>>,
    initial: SpecLoadResult,
    private readonly onChange: (registry: AgentRegistry) => void | Promise<void>,
  ) {
    this.registry = new AgentRegistry(initial);
    this.fingerprint = fingerprintOf(initial);
  }

  static async load(dir: string, env: Readonly<Record<string, string | undefined>>, onChange: (registry: AgentRegistry) => void | Promise<void> = () => {}): Promise<SpecSource> {
    return new SpecSource(dir, env, await loadSpecs(dir, env), onChange);
  }

  current(): AgentRegistry {
    return this.registry;
  }

  /** Re-reads the folder. @returns true when something changed */
  async reload(): Promise<boolean> {
    const result = await loadSpecs(this.dir, this.env);
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
  return JSON.stringify([result.agents.map((a) => [a.file, a.hash]), result.invalid]);
}
