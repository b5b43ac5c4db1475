/**
 * A fake of Slack's Socket Mode backend on 127.0.0.1, speaking the protocol the way
 * `@slack/socket-mode` 3.x (Bolt 5's SocketModeReceiver) expects it.
 *
 * The client calls `apps.connections.open` over the Web API with the app-level token, opens the
 * returned `ws://` URL (undici's WebSocket; no `ws` package is involved), waits for
 * `{type:'hello'}`, then receives envelopes `{ envelope_id, type, payload, accepts_response_payload }`
 * and answers each with `{ envelope_id, payload }` (the ack; a command's ephemeral answer is its
 * payload). The client pings every `clientPingTimeout / 3` ms (5000 / 3 by default) and drops the
 * connection when pongs stop for `clientPingTimeout`, so this fake answers every ping with a pong.
 * It never pings on its own: the client only starts its `serverPingTimeout` (30 s) watch after
 * the first server ping, so an unpinged connection stays up; {@link FakeSocketMode.ping} pings once.
 *
 * There is no WebSocket server package in node_modules, so `websocket-connection.ts` speaks
 * RFC 6455 itself (handshake, masked client frames, fragments, ping/pong, the close handshake,
 * no permessage-deflate).
 *
 * ```ts
 * const slack = await startFakeSlack({ channels });
 * const socket = await startFakeSocketMode({ slack, appToken: 'xapp-test' });
 * const app = await startCoworker(loadConfig({ ...env, SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slack.url }));
 * await socket.connected;
 * const ack = await socket.sendEnvelope('slash_commands', slashCommandPayload({ text: 'help', user_id: 'U1', channel_id: 'C1' }));
 * expect(ack.payload.text).toContain('/coworker run');
 * await app.stop();     // the client closes the socket (1000) ...
 * await socket.close(); // ... before the fake goes, or the client would try to reconnect
 * ```
 *
 * `slack.reset()` removes the `apps.connections.open` override; call `socket.attach(slack)` again
 * after it when a test needs the client to reconnect.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FakeSlack, FakeSlackHandler } from './fake-slack.js';
import { isRecord, preview, waitUntil } from './http-util.js';
import { acceptKey, OPCODE, type WebSocketClose, WebSocketConnection } from './websocket-connection.js';

/** Envelope types Slack sends over Socket Mode. */
export type SocketModeEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** One envelope the fake sent to the app. */
export interface SocketModeEnvelope {
  envelope_id: string;
  type: SocketModeEnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** events_api only: 0 for a first delivery. */
  retry_attempt?: number;
  /** events_api only: empty for a first delivery, e.g. `timeout` for a redelivery. */
  retry_reason?: string;
}

/** The app's answer to an envelope. */
export interface SocketModeAck {
  envelope_id: string;
  /** What the app passed to `ack()` (`{}` for a bare ack), e.g. `{ response_type, text }`. */
  payload: Record<string, unknown>;
  /** `Date.now()` when the ack arrived. */
  at: number;
}

/** Options for {@link FakeSocketMode.sendEnvelope}. */
export interface EnvelopeOptions {
  /** Default a fresh UUID; reuse one to mimic a redelivery of the same envelope. */
  envelope_id?: string;
  /** Default true for slash commands and for view submissions / option requests, false otherwise. */
  accepts_response_payload?: boolean;
  /** events_api: the redelivery count (default 0). */
  retry_attempt?: number;
  /** events_api: why it was redelivered (default ''). */
  retry_reason?: string;
  /** How long to wait for the ack; default the fake's `ackTimeoutMs`. */
  timeoutMs?: number;
}

/** A close frame seen on a connection. */
export type SocketModeClose = WebSocketClose;

/** Options for {@link startFakeSocketMode}. */
export interface FakeSocketModeOptions {
  /** Answers this fake Slack's `apps.connections.open` with a fresh URL of this server. */
  slack?: FakeSlack;
  /** When set, `apps.connections.open` must carry `Authorization: Bearer <appToken>` (else `invalid_auth`). */
  appToken?: string;
  /** Answer the client's pings with pongs (default true; false lets a test watch the client give up). */
  answerPings?: boolean;
  /** Default wait for an ack, in ms (default 5000; Slack itself waits 3 s). */
  ackTimeoutMs?: number;
}

/** The running fake. */
export interface FakeSocketMode {
  /** `ws://127.0.0.1:PORT`. */
  origin: string;
  /** Resolves once the first connection got its `hello` (the moment the client's `start()` resolves). */
  connected: Promise<void>;
  /** Connections accepted so far (a reconnect adds one). */
  readonly connections: number;
  /** Connections open right now. */
  readonly openConnections: number;
  /** Pings received from the client (its heartbeat). */
  readonly pingsReceived: number;
  /** Every envelope sent, in order. */
  envelopes: SocketModeEnvelope[];
  /** Every ack received, in order. */
  acks: SocketModeAck[];
  /** Client messages that were not acks of a sent envelope (should stay empty). */
  unexpected: unknown[];
  /** Close frames seen, in order. */
  closes: SocketModeClose[];
  /** A fresh one-use WebSocket URL, as `apps.connections.open` returns it. */
  issueUrl(): string;
  /** The `apps.connections.open` handler (for `slack.on`); {@link attach} installs it. */
  connectionsOpen: FakeSlackHandler;
  /** Installs {@link connectionsOpen} on a fake Slack; returns the remover. */
  attach(slack: FakeSlack): () => void;
  /**
   * Sends an envelope on the newest open connection and resolves with the app's ack. Rejects when
   * no connection is open, or after the timeout naming the envelope.
   */
  sendEnvelope(
    type: SocketModeEnvelopeType,
    payload: Record<string, unknown>,
    options?: EnvelopeOptions,
  ): Promise<SocketModeAck>;
  /** Pings the newest connection once and resolves when the client's pong arrives. */
  ping(timeoutMs?: number): Promise<void>;
  /** Resolves once no connection is open (e.g. after `app.stop()`); rejects after `timeoutMs` (default 5000). */
  waitForDisconnect(timeoutMs?: number): Promise<void>;
  /** Closes open connections (1001, going away), rejects pending acks and stops the server. */
  close(): Promise<void>;
}

/** Starts the fake Socket Mode server on 127.0.0.1 (a free port). */
export async function startFakeSocketMode(options: FakeSocketModeOptions = {}): Promise<FakeSocketMode> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const ackTimeoutMs = options.ackTimeoutMs ?? 5000;
  const answerPings = options.answerPings ?? true;
  const tickets = new Set<string>();
  const open = new Set<WebSocketConnection>();
  const pendingAcks = new Map<string, { resolve: (ack: SocketModeAck) => void; reject: (error: Error) => void }>();
  const pendingPongs: Array<() => void> = [];
  const envelopes: SocketModeEnvelope[] = [];
  const acks: SocketModeAck[] = [];
  const unexpected: unknown[] = [];
  const closes: SocketModeClose[] = [];
  let accepted = 0;
  let pings = 0;
  let markConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => {
    markConnected = resolve;
  });

  const server = createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
    res.end('fake socket mode: WebSocket only');
  });
  server.keepAliveTimeout = 1000;

  const refuse = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  const newest = (): WebSocketConnection | undefined => [...open].at(-1);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = req.headers['sec-websocket-key'];
    const ticket = url.searchParams.get('ticket');
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') {
      refuse(socket, '400 Bad Request');
      return;
    }
    // Like Slack's tickets, each URL from apps.connections.open works once.
    if (url.pathname !== '/link/' || ticket === null || !tickets.delete(ticket)) {
      refuse(socket, '401 Unauthorized');
      return;
    }
    const accept = acceptKey(key);
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        '',
        '',
      ].join('\r\n'),
    );
    accepted += 1;
    const connection: WebSocketConnection = new WebSocketConnection(socket, {
      onText: (text) => onClientMessage(text),
      onPing: (payload) => {
        pings += 1;
        if (answerPings) connection.send(OPCODE.pong, payload);
      },
      onPong: () => {
        for (const resolve of pendingPongs.splice(0)) resolve();
      },
      onClose: (close) => closes.push(close),
      onProtocolError: (problem) => unexpected.push({ protocolError: problem }),
    });
    open.add(connection);
    const gone = (): void => {
      if (connection.ended) return;
      connection.ended = true;
      open.delete(connection);
      events.emit('disconnect');
    };
    socket.on('close', gone);
    socket.on('error', gone);
    if (head.length > 0) connection.feed(head);
    connection.sendText({
      type: 'hello',
      num_connections: open.size,
      debug_info: { host: 'fake-socket-mode', build_number: 1, approximate_connection_time: 18_060 },
      connection_info: { app_id: 'A1' },
    });
    markConnected();
  };
  server.on('upgrade', onUpgrade);

  const onClientMessage = (text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      unexpected.push(text);
      return;
    }
    const envelopeId = isRecord(message) && typeof message.envelope_id === 'string' ? message.envelope_id : undefined;
    const pending = envelopeId === undefined ? undefined : pendingAcks.get(envelopeId);
    if (envelopeId === undefined || pending === undefined) {
      unexpected.push(message);
      return;
    }
    pendingAcks.delete(envelopeId);
    const payload = isRecord(message) && isRecord(message.payload) ? message.payload : {};
    const ack: SocketModeAck = { envelope_id: envelopeId, payload, at: Date.now() };
    acks.push(ack);
    pending.resolve(ack);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const origin = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const issueUrl = (): string => {
    const ticket = randomUUID();
    tickets.add(ticket);
    return `${origin}/link/?ticket=${ticket}&app_id=A1`;
  };

  const connectionsOpen: FakeSlackHandler = (_params, { call }) => {
    if (options.appToken !== undefined && call.authorization !== `Bearer ${options.appToken}`)
      return { ok: false, error: 'invalid_auth' };
    return { ok: true, url: issueUrl() };
  };

  let closing: Promise<void> | undefined;
  const fake: FakeSocketMode = {
    origin,
    connected,
    get connections() {
      return accepted;
    },
    get openConnections() {
      return open.size;
    },
    get pingsReceived() {
      return pings;
    },
    envelopes,
    acks,
    unexpected,
    closes,
    issueUrl,
    connectionsOpen,
    attach: (slack) => slack.on('apps.connections.open', connectionsOpen),
    sendEnvelope: (type, payload, envelopeOptions = {}) => {
      const connection = newest();
      if (!connection)
        return Promise.reject(
          new Error(`FakeSocketMode.sendEnvelope(${type}): no open connection (${accepted} accepted so far)`),
        );
      const interactiveType = typeof payload.type === 'string' ? payload.type : '';
      const envelope: SocketModeEnvelope = {
        envelope_id: envelopeOptions.envelope_id ?? randomUUID(),
        type,
        payload,
        accepts_response_payload:
          envelopeOptions.accepts_response_payload ??
          (type === 'slash_commands' ||
            (type === 'interactive' && ['view_submission', 'block_suggestion'].includes(interactiveType))),
        ...(type === 'events_api'
          ? { retry_attempt: envelopeOptions.retry_attempt ?? 0, retry_reason: envelopeOptions.retry_reason ?? '' }
          : {}),
      };
      const timeoutMs = envelopeOptions.timeoutMs ?? ackTimeoutMs;
      const acked = new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(envelope.envelope_id);
          reject(
            new Error(
              `FakeSocketMode: no ack for ${type} envelope ${envelope.envelope_id} within ${timeoutMs}ms: ${preview(payload, 200)}`,
            ),
          );
        }, timeoutMs);
        pendingAcks.set(envelope.envelope_id, {
          resolve: (ack) => {
            clearTimeout(timer);
            resolve(ack);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
      });
      envelopes.push(envelope);
      connection.sendText(envelope);
      return acked;
    },
    ping: (timeoutMs = 2000) => {
      const connection = newest();
      if (!connection) return Promise.reject(new Error('FakeSocketMode.ping: no open connection'));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`FakeSocketMode.ping: no pong within ${timeoutMs}ms`)),
          timeoutMs,
        );
        pendingPongs.push(() => {
          clearTimeout(timer);
          resolve();
        });
        connection.send(OPCODE.ping, Buffer.from(`server ping ${Date.now()}`));
      });
    },
    waitForDisconnect: (timeoutMs = 5000) =>
      waitUntil(
        events,
        'disconnect',
        () => (open.size === 0 ? true : undefined),
        timeoutMs,
        () => `FakeSocketMode: ${open.size} connection(s) still open after ${timeoutMs}ms`,
      ).then(() => undefined),
    close: () =>
      (closing ??= (async () => {
        for (const [id, pending] of pendingAcks)
          pending.reject(new Error(`FakeSocketMode closed before envelope ${id} was acked`));
        pendingAcks.clear();
        for (const connection of open) {
          closes.push({ by: 'server', code: 1001, reason: 'going away' });
          connection.sendClose(1001, 'going away');
          connection.socket.end();
        }
        // A client that never answers the close must not keep the test process alive.
        const sockets = [...open].map((c) => c.socket);
        await fake.waitForDisconnect(1000).catch(() => undefined);
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
  if (options.slack) fake.attach(options.slack);
  return fake;
}
