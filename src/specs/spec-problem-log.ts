import type { AgentRegistry } from './agent-registry.js';
import type { InvalidSpec } from './spec-problem.js';
import { formatProblem } from './spec-problem.js';

/**
 * Decides which spec problems go to the log: each file's problems once, when they appear or
 * change, as one entry per file; not again on every reload, nor when another file changes. A file
 * fixed and broken again the same way is logged again (it was fine in between).
 */
export class SpecProblemLog {
  #logged = new Map<string, string>();

  /** @param cwd files are shown relative to this folder */
  constructor(private readonly cwd: string) {}

  /**
   * The entries to log for `registry`: `invalid spec skipped: …` for a file switched off,
   * `spec problem: …` for a kept file's conflict, each holding every problem of that file (one per
   * line). Remembers them: the same registry, or an equal one, yields nothing the next time.
   */
  changes(registry: AgentRegistry): string[] {
    const logged = new Map<string, string>();
    const entries: string[] = [];
    const visit = (spec: InvalidSpec, label: string) => {
      const key = `${label}\u0000${spec.file}`;
      const entry = `${label}: ${spec.problems.map((problem) => formatProblem(spec.file, problem, this.cwd)).join('\n  ')}`;
      logged.set(key, entry);
      if (this.#logged.get(key) !== entry) entries.push(entry);
    };
    for (const spec of registry.invalid()) visit(spec, 'invalid spec skipped');
    for (const spec of registry.warnings()) visit(spec, 'spec problem');
    this.#logged = logged;
    return entries;
  }
}
