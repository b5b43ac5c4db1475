import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/** What the PGlite dialect asks of its client: the part of PGlite's API the app uses. */
export interface EmbeddedQueries {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  close(): Promise<void>;
}

type Reply =
  | { type: 'ready' }
  | { type: 'failed'; error: ErrorData }
  | { type: 'closed'; error?: ErrorData }
  | { id: number; rows: unknown[]; affectedRows?: number }
  | { id: number; error: ErrorData };

interface ErrorData {
  name?: string;
  message: string;
  stack?: string;
  [field: string]: unknown;
}

interface Pending {
  resolve(result: { rows: unknown[]; affectedRows?: number }): void;
  reject(err: Error): void;
}

/**
 * The embedded database, run on a worker thread (`pglite-worker.js`): PGlite's WebAssembly and
 * its protocol code take ~1 ms of CPU per statement, which on the main thread delayed every
 * Slack acknowledgement queued behind them. Queries keep their order (PGlite runs one at a
 * time); an error keeps PostgreSQL's fields (`code`, `detail`, `constraint`…), so callers read it
 * as they read pg's. The thread keeps the process alive only while a query waits on it.
 */
export class EmbeddedClient implements EmbeddedQueries {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Why the thread can no longer answer (it ended or crashed); every later query fails with it. */
  private gone: Error | undefined;
  private closing: Promise<void> | undefined;
  /** Told when the thread says it closed the database (with its error, if closing failed). */
  private onClosed: ((error?: ErrorData) => void) | undefined;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => this.settle(reply));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the embedded database's thread ended (exit code ${code})`)));
  }

  /** Starts the thread and opens (or, for a folder that does not exist, creates) the database in `pgdata`. */
  static async open(pgdata: string): Promise<EmbeddedClient> {
    const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { pgdata } });
    const [first] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'exit').then(([code]) => [
        { type: 'failed', error: { message: `its thread ended (exit code ${code})` } },
      ]),
    ])) as [Reply];
    if ('type' in first && first.type === 'failed') {
      await worker.terminate();
      throw errorOf(first.error);
    }
    const client = new EmbeddedClient(worker);
    worker.unref();
    return client;
  }

  query<T>(sql: string, params: unknown[] = []): Promise<{ rows: T[]; affectedRows?: number }> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject });
      this.worker.postMessage({ id, sql, params });
    });
  }

  /** Closes the database (PGlite writes what it holds) and ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.gone) return;
      this.worker.ref();
      const closed = new Promise<void>((resolve, reject) => {
        this.onClosed = (error) => (error ? reject(errorOf(error)) : resolve());
      });
      this.worker.postMessage({ type: 'close' });
      try {
        await closed;
      } finally {
        this.gone = new Error('the embedded database is closed');
        await this.worker.terminate();
      }
    })();
    return this.closing;
  }

  private settle(reply: Reply): void {
    if ('type' in reply) {
      if (reply.type === 'closed') this.onClosed?.(reply.error);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    // Idle, the thread does not keep the process alive; closing, it does until it says it closed.
    if (this.pending.size === 0 && this.closing === undefined) this.worker.unref();
    if ('error' in reply) pending.reject(errorOf(reply.error));
    else pending.resolve(reply.affectedRows === undefined ? { rows: reply.rows } : reply);
  }

  private fail(err: Error): void {
    this.gone ??= err;
    for (const pending of this.pending.values()) pending.reject(err);
    this.pending.clear();
    this.onClosed?.({ message: err.message });
  }
}

/**
 * The thread's error as an Error again, with the database's fields on it. Its stack is this
 * thread's: the worker's would only name PGlite's internals.
 */
function errorOf(data: ErrorData): Error {
  const { name, message, stack: _inWorker, ...fields } = data;
  const err = Object.assign(new Error(message), fields);
  if (name) err.name = name;
  return err;
}
