/**
 * Work that continues after Slack was acknowledged. Tracked so that shutdown can wait for it
 * (bounded) and report what did not finish, instead of dropping it on the floor.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();
  private accepting = true;

  constructor(private readonly onError: (err: unknown) => void) {}

  /** Starts `task` now; returns false (and does not start it) once draining began. */
  start(task: () => Promise<void>): boolean {
    if (!this.accepting) return false;
    const promise = Promise.resolve()
      .then(task)
      .catch(this.onError)
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
    return true;
  }

  /**
   * Starts `task` in the background, or, once draining began, runs it right here: for short
   * follow-ups of something already committed (a decision's apply) that must not be dropped.
   */
  async startOrRun(task: () => Promise<void>): Promise<void> {
    if (!this.start(task)) await task().catch(this.onError);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Stops accepting work and waits up to `timeoutMs` for what is running. @returns true when all finished */
  async drain(timeoutMs: number): Promise<boolean> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const done = Promise.all([...this.pending]).then(() => true as const);
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }
}
