import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** How far a request's timestamp may lie from now, either way (Slack's and Bolt's 5 minutes). */
const MAX_SKEW_SECONDS = 5 * 60;

/**
 * Wraps Bolt's HTTP request listener so that a request whose `x-slack-request-timestamp` lies
 * more than 5 minutes in the future is answered 401 before Bolt reads it. Bolt already refuses
 * timestamps more than 5 minutes old and checks the signature; it accepts any future one, which
 * would let a signed request be replayed until that time.
 */
export function refuseFutureRequests(listener: RequestListener, now: () => number = Date.now): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    if (header !== undefined && Number.isFinite(timestamp) && timestamp > Math.floor(now() / 1000) + MAX_SKEW_SECONDS) {
      // Drain the body so the connection can be reused, then refuse like Bolt does (no body).
      req.resume();
      res.writeHead(401);
      res.end();
      return;
    }
    listener(req, res);
  };
}
