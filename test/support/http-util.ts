/**
 * Small shared helpers for the local fake servers (fake Slack, fake Anthropic).
 *
 * Node built-ins only; everything listens on 127.0.0.1.
 */

import type { EventEmitter } from 'node:events';
import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Reads a request body fully into a Buffer. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** A started HTTP server on 127.0.0.1 with its origin (`http://127.0.0.1:PORT`). */
export interface ListeningServer {
  /** The node http server. */
  server: Server;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  origin: string;
  /** Closes the server and every open (keep-alive) connection. */
  close: () => Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 on a free port (or `port` when given). */
export async function listenLocal(handler: RequestListener, port = 0): Promise<ListeningServer> {
  const server = createServer(handler);
  // Fakes answer quickly; keep sockets from holding test processes open.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${address.port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return { server, origin, close };
}

/** Flattens node request headers into lower-case `name -> value` (multi-values joined by `, `). */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Resolves with the first non-undefined value of `find()`, re-checking each time `emitter` emits
 * `eventName`; rejects with `describe()` as the message after `timeoutMs`. No polling sleeps.
 */
export function waitUntil<T>(
  emitter: EventEmitter,
  eventName: string,
  find: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  const found = find();
  if (found !== undefined) return Promise.resolve(found);
  return new Promise<T>((resolve, reject) => {
    const onEvent = (): void => {
      let value: T | undefined;
      try {
        value = find();
      } catch (error) {
        cleanup();
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      if (value !== undefined) {
        cleanup();
        resolve(value);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(describe()));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      emitter.off(eventName, onEvent);
    };
    emitter.on(eventName, onEvent);
  });
}

/** Shortens a value's JSON for error messages. */
export function preview(value: unknown, max = 160): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** True for plain (non-array, non-null) objects. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves after `ms` milliseconds unless `signal` aborts first (then resolves early with false). */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const timer = Number.isFinite(ms) ? setTimeout(() => done(true), ms) : undefined;
    const onAbort = (): void => done(false);
    const done = (completed: boolean): void => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
