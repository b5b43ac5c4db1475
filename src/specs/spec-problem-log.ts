import type { AgentRegistry } from './agent-registry.js';
import type { InvalidSpec } from './spec-problem.js';
import { formatProblem } from './spec-problem.js';

/**
 * Decides which file problems go to the log (specs, and fact files the same way): each file's
 * problems once, when they appear or change, as one entry per file; not again on every reload,
 * nor when another file changes. A file fixed and broken again the same way is logged again (it
 * was fine in between).
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
    return this.changesOf({ 'invalid spec skipped': registry.invalid(), 'spec problem': registry.warnings() });
  }

  /** As `changes`, for files with problems under the label each entry starts with. */
  changesOf(labelled: Record<string, readonly InvalidSpec[]>): string[] {
    const logged = new Map<string, string>();
    const entries: string[] = [];
    for (const [label, files] of Object.entries(labelled)) {
      for (const file of files) {
        const key = `${label}\u0000${file.file}`;
        const entry = `${label}: ${file.problems.map((problem) => formatProblem(file.file, problem, this.cwd)).join('\n  ')}`;
        logged.set(key, entry);
        if (this.#logged.get(key) !== entry) entries.push(entry);
      }
    }
    this.#logged = logged;
    return entries;
  }
}
