import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsExposition } from '../metrics/metrics.js';
import { metricsHandler } from '../metrics/metrics-handler.js';
import { keepConnectionsOpen } from './keep-alive.js';

/** Answers GET /healthz: 200 when ready and the database answers, 503 otherwise (e.g. draining). */
export type HealthCheck = () => Promise<{ ok: boolean; status: string }>;

/** The /healthz handler, shared by Bolt's HTTP receiver (a custom route) and the Socket Mode server. */
export function healthHandler(health: HealthCheck): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    void health().then(
      (result) => respondJson(res, result.ok ? 200 : 503, { status: result.status }),
      () => respondJson(res, 503, { status: 'error' }),
    );
  };
}

/**
 * In Socket Mode nothing else listens on PORT, so /healthz and /metrics get a server of their
 * own: started (or failed, e.g. EADDRINUSE) before the app reports itself started, on the port
 * it reports.
 */
export async function startHealthServer(
  port: number,
  health: HealthCheck,
  metrics: MetricsExposition,
): Promise<{ port: number; close: () => Promise<void> }> {
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>([
    ['/healthz', healthHandler(health)],
    ['/metrics', metricsHandler(metrics)],
  ]);
  const server: Server = createServer((req, res) => {
    const route = req.method === 'GET' ? routes.get(req.url?.split('?')[0] ?? '') : undefined;
    if (route) return route(req, res);
    respondJson(res, 404, { status: 'not found' });
  });
  keepConnectionsOpen(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function respondJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
