/**
 * A TCP proxy in front of PostgreSQL that counts what crosses it, read from the wire protocol:
 * a round trip is a client `Query` (simple protocol) or `Sync` (end of an extended-protocol
 * batch), answered by the server's `ReadyForQuery`; its time is from the client's message to
 * that answer. It also keeps each statement's text (from `Query` and `Parse`). Point
 * DATABASE_URL at `url` to measure an app from outside, without changing it.
 */
import { createServer, type Socket, connect as tcpConnect } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface WireCounts {
  roundTrips: number;
  /** Milliseconds the app waited for PostgreSQL, summed over round trips (overlapping ones add up). */
  waitMs: number;
  /** Statement texts, in order (whitespace collapsed). */
  statements: string[];
  connections: number;
  /** The most round trips in flight at once (at most one per connection: the pool's busy connections). */
  maxInFlight: number;
}

export interface PgWireCounter {
  /** `postgres://…` reaching the same database through the proxy. */
  url: string;
  /** What crossed since the last `take()` (or the start), and resets the counts. */
  take(): WireCounts;
  /** Round trips sent and not answered yet. */
  inFlight(): number;
  /** Round trips sent since the counter started (never reset). */
  seen(): number;
  close(): Promise<void>;
}

export async function startPgWireCounter(databaseUrl: string): Promise<PgWireCounter> {
  const target = new URL(databaseUrl);
  const empty = (): WireCounts => ({ roundTrips: 0, waitMs: 0, statements: [], connections: 0, maxInFlight: 0 });
  let counts = empty();
  let pending = 0;
  let seen = 0;
  const sockets = new Set<Socket>();

  const server = createServer((client) => {
    counts.connections += 1;
    const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    const sent: number[] = []; // when each unanswered round trip was sent, oldest first
    client.on(
      'data',
      readMessages(true, (type, body) => {
        if (type === 'Q' || type === 'P') counts.statements.push(statementText(type, body));
        if (type === 'Q' || type === 'S') {
          counts.roundTrips += 1;
          seen += 1;
          pending += 1;
          counts.maxInFlight = Math.max(counts.maxInFlight, pending);
          sent.push(performance.now());
        }
      }),
    );
    upstream.on(
      'data',
      readMessages(false, (type) => {
        if (type !== 'Z') return;
        const at = sent.shift(); // undefined for the ReadyForQuery that ends the connection's start-up
        if (at === undefined) return;
        counts.waitMs += performance.now() - at;
        pending -= 1;
      }),
    );
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      pending -= sent.splice(0).length;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the counter did not listen');
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${address.port}`;
  return {
    url: url.toString(),
    take: () => {
      const taken = counts;
      counts = empty();
      return taken;
    },
    inFlight: () => pending,
    seen: () => seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Splits a byte stream into protocol messages (type byte + int32 length including itself). The
 * client's first message, the startup packet, has no type byte and is skipped.
 */
function readMessages(fromClient: boolean, onMessage: (type: string, body: Buffer) => void): (chunk: Buffer) => void {
  let buffered = Buffer.alloc(0);
  let startup = fromClient;
  return (chunk) => {
    buffered = Buffer.concat([buffered, chunk]);
    for (;;) {
      if (startup) {
        if (buffered.length < 4) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        buffered = buffered.subarray(length);
        startup = false;
        continue;
      }
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      onMessage(String.fromCharCode(buffered[0] ?? 0), buffered.subarray(5, 1 + length));
      buffered = buffered.subarray(1 + length);
    }
  };
}

/** `Query`: the text; `Parse`: statement name, then the text. */
function statementText(type: string, body: Buffer): string {
  const start = type === 'P' ? body.indexOf(0) + 1 : 0;
  const text = body.subarray(start, body.indexOf(0, start)).toString('utf8');
  return text.replace(/\s+/g, ' ').trim();
}
