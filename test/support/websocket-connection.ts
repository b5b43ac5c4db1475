/**
 * The server side of one RFC 6455 WebSocket connection, just enough for {@link startFakeSocketMode}:
 * the opening handshake answer, masked client frames (fragmented or not), ping/pong and the close
 * handshake. No extensions are negotiated, so frames are never compressed.
 */
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';

/** Who sent the first close frame of a connection, and what it said. */
export interface WebSocketClose {
  by: 'client' | 'server';
  /** Close code (1005 when the frame carried none). */
  code: number;
  reason: string;
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** Encodes one unmasked (server-to-client) frame. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = length;
  else if (length < 65_536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

function closePayload(code: number, reason = ''): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
}

/** One accepted WebSocket connection: parses client frames, writes server frames. */
export class WebSocketConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  closeSent = false;
  ended = false;

  constructor(
    readonly socket: Duplex,
    private readonly handlers: {
      onText(text: string): void;
      onPing(payload: Buffer): void;
      onPong(payload: Buffer): void;
      onClose(close: WebSocketClose): void;
      onProtocolError(problem: string): void;
    },
  ) {
    socket.on('data', (chunk: Buffer) => this.feed(chunk));
  }

  send(opcode: number, payload: Buffer): void {
    if (this.ended || this.closeSent) return;
    this.socket.write(encodeFrame(opcode, payload));
  }

  sendText(value: unknown): void {
    this.send(OPCODE.text, Buffer.from(JSON.stringify(value)));
  }

  /** Starts (or answers) the close handshake. */
  sendClose(code: number, reason = ''): void {
    if (this.ended || this.closeSent) return;
    this.socket.write(encodeFrame(OPCODE.close, closePayload(code, reason)));
    this.closeSent = true;
  }

  /** Parses client bytes (socket data, or the bytes that came with the upgrade request). */
  feed(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0] ?? 0;
      const b1 = this.buffer[1] ?? 0;
      let length = b1 & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.buffer.length < 4) return;
        length = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.buffer.length < 10) return;
        length = Number(this.buffer.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = (b1 & 0x80) !== 0;
      if (!masked) {
        // RFC 6455 5.1: a server must close the connection on an unmasked client frame.
        this.handlers.onProtocolError('unmasked frame from the client');
        this.sendClose(1002, 'unmasked frame');
        this.socket.end();
        return;
      }
      if (this.buffer.length < offset + 4 + length) return;
      const mask = this.buffer.subarray(offset, offset + 4);
      const payload = Buffer.from(this.buffer.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i += 1) payload[i] = (payload[i] ?? 0) ^ (mask[i & 3] ?? 0);
      this.buffer = this.buffer.subarray(offset + 4 + length);
      this.onFrame((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    }
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case OPCODE.ping:
        this.handlers.onPing(payload);
        return;
      case OPCODE.pong:
        this.handlers.onPong(payload);
        return;
      case OPCODE.close: {
        const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const reason = payload.length > 2 ? payload.subarray(2).toString('utf8') : '';
        if (!this.closeSent) {
          this.handlers.onClose({ by: 'client', code, reason });
          // Echo the close (1005 must not be sent on the wire) and end the TCP connection.
          this.sendClose(code === 1005 ? 1000 : code);
        }
        this.socket.end();
        return;
      }
      case OPCODE.text:
      case OPCODE.binary:
      case OPCODE.continuation: {
        if (opcode !== OPCODE.continuation) this.fragmentOpcode = opcode;
        this.fragments.push(payload);
        if (!fin) return;
        const message = Buffer.concat(this.fragments);
        this.fragments = [];
        if (this.fragmentOpcode === OPCODE.text) this.handlers.onText(message.toString('utf8'));
        else this.handlers.onProtocolError(`binary message (${message.length} bytes)`);
        return;
      }
      default:
        this.handlers.onProtocolError(`unknown opcode ${opcode}`);
    }
  }
}

/** The `Sec-WebSocket-Accept` value answering a client's `Sec-WebSocket-Key`. */
export function acceptKey(key: string): string {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}
