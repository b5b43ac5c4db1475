import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMcpHandler, type McpServer } from '@modelcontextprotocol/server';
import { buildTestToolServer, type ServedCall } from './test-tool-server.js';

/** A test MCP server (by default the help desk) over Streamable HTTP on 127.0.0.1, in the test process. */
export interface HttpToolServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:PORT/mcp`. */
  url: string;
  /** Every call a tool handler served, in order. */
  calls: ServedCall[];
  /** The Authorization header of every HTTP request received. */
  authorizations: Array<string | undefined>;
  /** Stops listening (calls then fail to connect); `start()` listens again on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * Serves `build` (default: `buildTestToolServer` named `docs`) with the SDK's `createMcpHandler`
 * (both protocol eras), mounted on node:http by turning each request into a web `Request` and
 * streaming the `Response` back. `build` reports each call it serves to `onCall`: `calls`.
 */
export async function startHttpToolServer(
  build: (onCall: (call: ServedCall) => void) => McpServer = (onCall) => buildTestToolServer(onCall, 'docs'),
): Promise<HttpToolServer> {
  const calls: ServedCall[] = [];
  const authorizations: Array<string | undefined> = [];
  const handler = createMcpHandler(() => build((call) => calls.push(call)));
  let server: Server | undefined;
  let port = 0;
  const listen = async () => {
    server = createServer((req, res) => {
      authorizations.push(req.headers.authorization);
      void serve(handler.fetch, req, res, port);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await listen();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    authorizations,
    stop: () =>
      new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      }),
    start: listen,
  };
}

async function serve(
  fetch: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
): Promise<void> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const body = chunks.length > 0 && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.concat(chunks) : undefined;
    const response = await fetch(
      new Request(`http://127.0.0.1:${port}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body ? { body } : {}),
      }),
    );
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (response.body) for await (const chunk of response.body) res.write(chunk);
    res.end();
  } catch (err) {
    if (!res.headersSent) res.writeHead(500);
    res.end(String(err));
  }
}
