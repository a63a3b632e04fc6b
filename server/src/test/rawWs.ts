import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '@samla/shared';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

/**
 * A WebSocket client written on a bare TCP socket, as an attacker would: it never answers a close
 * frame and keeps sending after it, which ws's own client cannot be made to do.
 */
export interface RawWs {
  /** The HTTP status of the upgrade answer (101 when it became a WebSocket). */
  status: number;
  /** Binary messages received so far. */
  messages: Uint8Array[];
  /** The close code the server sent, once it did. */
  closeCode: number | null;
  /** True once the server ended the TCP connection. */
  ended: boolean;
  send(payload: Uint8Array, opcode?: number): void;
  /** Writes raw bytes as they are (malformed frames). */
  write(bytes: Uint8Array): void;
  destroy(): void;
}

/**
 * Paths under /yjs/ get this build's protocol version (`?v=`) unless they carry one or
 * `protocol: null` asks for a client from before versioning.
 */
export function rawWs(baseUrl: string, path: string, cookie: string | null, opts: { protocol?: string | null } = {}): Promise<RawWs> {
  const { hostname, port } = new URL(baseUrl);
  const protocol = opts.protocol === undefined ? String(PROTOCOL_VERSION) : opts.protocol;
  if (path.startsWith('/yjs/') && protocol !== null && !new RegExp(`[?&]${PROTOCOL_PARAM}=`).test(path)) {
    path += `${path.includes('?') ? '&' : '?'}${PROTOCOL_PARAM}=${encodeURIComponent(protocol)}`;
  }
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(port), hostname);
    const client: RawWs = {
      status: 0,
      messages: [],
      closeCode: null,
      ended: false,
      send(payload, opcode = 0x2) {
        if (!socket.destroyed) socket.write(maskedFrame(payload, opcode));
      },
      write(bytes) {
        if (!socket.destroyed) socket.write(bytes);
      },
      destroy: () => socket.destroy(),
    };
    let buf = Buffer.alloc(0);
    let upgraded = false;
    socket.on('error', () => {});
    socket.on('close', () => {
      client.ended = true;
      if (!upgraded) resolve(client);
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        client.status = Number(/^HTTP\/1\.1 (\d+)/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        buf = buf.subarray(end + 4);
        upgraded = true;
        resolve(client);
      }
      for (;;) {
        const frame = readFrame(buf);
        if (!frame) return;
        buf = buf.subarray(frame.length);
        if (frame.opcode === 0x8) client.closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
        else if (frame.opcode === 0x2) client.messages.push(new Uint8Array(frame.payload));
      }
    });
    socket.once('connect', () => {
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          ...(cookie ? [`Cookie: ${cookie}`] : []),
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('error', reject);
  });
}

/** A client frame: FIN set, masked as RFC 6455 requires of clients. */
export function maskedFrame(payload: Uint8Array, opcode = 0x2): Buffer {
  const n = payload.byteLength;
  const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    head[0] = 0x80 | opcode;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = randomBytes(4);
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= mask[i & 3]!;
  return Buffer.concat([head, mask, body]);
}

function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  if (buf.length < offset + len) return null;
  return { opcode, payload: buf.subarray(offset, offset + len), length: offset + len };
}

/** A y-websocket sync message carrying one update, as a client sends it. */
export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

/** A y-websocket sync step 1 with the doc's state vector; the server answers it after all earlier messages. */
export function syncStep1(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}
