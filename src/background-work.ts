/**
 * Work that continues after Slack was acknowledged. Tracked so that shutdown can wait for it
 * (bounded) and report what did not finish, instead of dropping it on the floor.
 */
export class BackgroundWork {
  private readonly pending = new Set<Promise<void>>();
  /** Keys of the keyed tasks still running (a run's id): what this process is really doing. */
  private readonly running = new Set<string>();
  private accepting = true;

  constructor(private readonly onError: (err: unknown) => void) {}

  /**
   * Starts `task` now; returns false (and does not start it) once draining began. A `key` (a
   * run's id) is reported by `isRunning` until the task ends.
   */
  start(task: () => Promise<void>, key?: string): boolean {
    if (!this.accepting) return false;
    if (key === undefined) {
      this.track(task);
      return true;
    }
    this.running.add(key);
    void this.track(task).finally(() => this.running.delete(key));
    return true;
  }

  /** Whether the task started with `key` is still running in this process. */
  isRunning(key: string): boolean {
    return this.running.has(key);
  }

  /**
   * Starts `task` even while draining: for short follow-ups of something already committed (a
   * decision's apply) that must not be dropped. Tracked like the rest, so a later `drain`
   * (after the server stopped taking requests) still waits for it before the database closes.
   */
  async startOrRun(task: () => Promise<void>): Promise<void> {
    if (!this.start(task)) await this.track(task);
  }

  private track(task: () => Promise<void>): Promise<void> {
    const promise = Promise.resolve()
      .then(task)
      .catch(this.onError)
      .finally(() => this.pending.delete(promise));
    this.pending.add(promise);
    return promise;
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
