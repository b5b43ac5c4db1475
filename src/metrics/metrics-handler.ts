import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MetricsExposition } from './metrics.js';

/**
 * The `GET /metrics` handler, shared by Bolt's HTTP receiver (a custom route) and the Socket Mode
 * health server: the exposition as text, or 500 saying why it could not be rendered.
 */
export function metricsHandler(exposition: MetricsExposition): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    exposition.render().then(
      (text) => {
        res.writeHead(200, { 'content-type': exposition.contentType });
        res.end(text);
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`metrics could not be rendered: ${err instanceof Error ? err.message : String(err)}\n`);
      },
    );
  };
}
