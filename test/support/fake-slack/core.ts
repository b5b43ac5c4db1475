import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecorder } from './recorder.js';
import { slackError } from './replies.js';
import type { FakeSlackState } from './state.js';

/** The default behaviour of one Web API method: its JSON answer; {@link fail} answers an error. */
export type SlackMethod = (params: Record<string, unknown>) => Record<string, unknown>;

/** An HTTP route of the fake outside the Web API (`/upload/…`, `/response/…`). */
export type SlackRoute = (req: IncomingMessage, res: ServerResponse, url: URL, raw: Buffer) => Promise<void>;

class SlackRequestError extends Error {
  constructor(readonly body: Record<string, unknown>) {
    super(String(body.error));
  }
}

/** Throws `{ ok: false, error }` out of a method's default behaviour: the call is answered with it. */
export function fail(error: string, extra: Record<string, unknown> = {}): never {
  throw new SlackRequestError(slackError(error, extra));
}

/**
 * The core the method areas register into: the workspace state, the call recorder, and the
 * default behaviour of each Web API method and route. A method nobody registered answers `{ ok: true }`.
 */
export class FakeSlackCore {
  private readonly methods = new Map<string, SlackMethod>();
  private readonly routes: Array<{ prefix: string; route: SlackRoute }> = [];

  constructor(
    readonly state: FakeSlackState,
    readonly recorder: CallRecorder,
  ) {}

  /** Registers the default behaviour of a Web API method, e.g. `chat.postMessage`. */
  method(name: string, method: SlackMethod): void {
    this.methods.set(name, method);
  }

  /** Registers a route for the paths under `prefix`, e.g. `/upload/`. */
  route(prefix: string, route: SlackRoute): void {
    this.routes.push({ prefix, route });
  }

  /** The default answer of `method` to `params`, errors thrown with {@link fail} included. */
  answer(method: string, params: Record<string, unknown>): Record<string, unknown> {
    const handler = this.methods.get(method);
    if (!handler) return { ok: true };
    try {
      return handler(params);
    } catch (error) {
      if (error instanceof SlackRequestError) return error.body;
      throw error;
    }
  }

  /** The route serving `pathname`, if any. */
  routeFor(pathname: string): SlackRoute | undefined {
    return this.routes.find((r) => pathname.startsWith(r.prefix))?.route;
  }
}

/** Writes a JSON body (or plain text for a string) with its status and headers. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    ...headers,
  });
  res.end(text);
}
