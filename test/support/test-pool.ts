import pg from 'pg';

export interface TestPool {
  pool: pg.Pool;
  /** Ends the pool unless it was ended (Kysely's destroy), then resolves once every connection closed. */
  closed(): Promise<void>;
}

/**
 * A pg pool for tests. `pool.end()` (Kysely's `destroy`) resolves before the connections are
 * closed, and dropping the database with force then terminates them (57P01): without listeners
 * that error would be uncaught and fail whichever test file runs. `closed()` waits them out.
 */
export function testPool(connectionString: string): TestPool {
  const pool = new pg.Pool({ connectionString });
  let open = 0;
  let onAllClosed: (() => void) | undefined;
  pool.on('connect', (client) => {
    open += 1;
    client.on('error', (err) => console.warn(`test database connection failed: ${err.message}`));
  });
  pool.on('remove', () => {
    open -= 1;
    if (open <= 0) onAllClosed?.();
  });
  pool.on('error', () => {
    // Also told to the client's listener above.
  });
  return {
    pool,
    closed: async () => {
      const allClosed = new Promise<void>((resolve) => (onAllClosed = resolve));
      if (!pool.ending) await pool.end();
      if (open > 0) await allClosed;
    },
  };
}
