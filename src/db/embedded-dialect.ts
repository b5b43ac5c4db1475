import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import type { EmbeddedQueries } from './embedded-client.js';

/**
 * Kysely over the embedded database's thread. The database has one session, so a transaction
 * must have it to itself; statements outside one need not wait for each other: they are sent
 * at once and the thread runs them in order, so it never idles between two of them while the
 * main thread is busy (kysely-pglite-dialect lends its one connection to one statement at a
 * time, a round trip between threads each).
 */
export class EmbeddedDialect implements Dialect {
  constructor(private readonly client: EmbeddedQueries) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new EmbeddedDriver(this.client);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Dialect interface takes Kysely<any>
  createIntrospector(db: any) {
    return new PostgresIntrospector(db);
  }
}

class EmbeddedDriver implements Driver {
  private readonly session = new SessionLock();
  constructor(private readonly client: EmbeddedQueries) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new EmbeddedConnection(this.client, this.session);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const conn = connection as EmbeddedConnection;
    await conn.takeSession();
    try {
      await this.client.query(
        settings.isolationLevel ? `start transaction isolation level ${settings.isolationLevel}` : 'begin',
      );
    } catch (err) {
      conn.leaveSession();
      throw err;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.endTransaction(connection as EmbeddedConnection, 'commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.endTransaction(connection as EmbeddedConnection, 'rollback');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as EmbeddedConnection).leaveSession(); // a no-op unless a transaction was left open
  }

  async destroy(): Promise<void> {
    await this.client.close();
  }

  private async endTransaction(conn: EmbeddedConnection, statement: 'commit' | 'rollback'): Promise<void> {
    try {
      await this.client.query(statement);
    } finally {
      conn.leaveSession();
    }
  }
}

class EmbeddedConnection implements DatabaseConnection {
  private holdsSession = false;
  constructor(
    private readonly client: EmbeddedQueries,
    private readonly session: SessionLock,
  ) {}

  async takeSession(): Promise<void> {
    await this.session.exclusive();
    this.holdsSession = true;
  }

  leaveSession(): void {
    if (!this.holdsSession) return;
    this.holdsSession = false;
    this.session.releaseExclusive();
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const run = () => this.client.query<R>(compiled.sql, [...compiled.parameters]);
    const result = this.holdsSession ? await run() : await this.session.shared(run);
    // As kysely-pglite-dialect reports it (PGlite counts rows changed by insert, update and delete).
    return result.affectedRows
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

/**
 * Statements outside a transaction share the session; a transaction takes it alone, once the
 * statements sent before it are answered. First come, first served: a waiting transaction is not
 * overtaken by statements that came after it.
 */
class SessionLock {
  private sharing = 0;
  private exclusiveHeld = false;
  private readonly queue: Array<{ exclusive: boolean; grant: () => void }> = [];

  async shared<T>(work: () => Promise<T>): Promise<T> {
    if (this.exclusiveHeld || this.queue.length > 0)
      await new Promise<void>((grant) => this.queue.push({ exclusive: false, grant }));
    else this.sharing += 1;
    try {
      return await work();
    } finally {
      this.sharing -= 1;
      this.grantWaiting();
    }
  }

  async exclusive(): Promise<void> {
    if (this.exclusiveHeld || this.sharing > 0 || this.queue.length > 0)
      await new Promise<void>((grant) => this.queue.push({ exclusive: true, grant }));
    else this.exclusiveHeld = true;
  }

  releaseExclusive(): void {
    this.exclusiveHeld = false;
    this.grantWaiting();
  }

  /** Grants the queue's head, and the shared statements behind it up to the next transaction. */
  private grantWaiting(): void {
    while (this.queue.length > 0 && !this.exclusiveHeld) {
      const next = this.queue[0];
      if (next === undefined) return;
      if (next.exclusive) {
        if (this.sharing > 0) return;
        this.queue.shift();
        this.exclusiveHeld = true;
        next.grant();
        return;
      }
      this.queue.shift();
      this.sharing += 1;
      next.grant();
    }
  }
}
