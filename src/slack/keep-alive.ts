import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open: longer than the idle timeout of the proxies
 * and load balancers in front of the app (60 s is the common one). With Node's default (5 s) the
 * server may close a connection just as a request arrives on it, and when the event loop was
 * busy for a moment the close is processed first: the sender gets a reset instead of an answer.
 */
export const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsOpen(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Must exceed keepAliveTimeout, or a slow request on a reused connection is cut.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}
