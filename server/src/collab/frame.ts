import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Broadcasting one message to many sockets, framed once.
 *
 * `ws.send` frames every message per recipient: a header buffer, cork, two writes, uncork, a writev.
 * For a typing update to 200 readers that framing was a fifth of the broadcast loop, and the
 * broadcast loop is what the last reader waits for. Here the frame (binary, FIN, unmasked, as a
 * server sends it) is built once and written to each TCP socket as one buffer.
 *
 * This reaches two ws internals, `_socket` and `_sender._state`; ws has had both since 1.x and
 * `frame.test.ts` fails if the installed ws no longer offers them. A socket goes the direct way only
 * while ws's own sender is idle and no extension is negotiated (the server enables no
 * permessage-deflate), so direct writes and ws's own sends keep their order on the wire.
 */

interface WsInternals {
  _socket?: Socket;
  _sender?: { _state?: number };
}

/** ws's Sender state when nothing is queued (lib/sender.js: DEFAULT = 0). */
const SENDER_IDLE = 0;

/** A complete server-to-client binary WebSocket frame holding `payload`. */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const header = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + n);
  frame[0] = 0x82; // FIN + opcode 2 (binary)
  if (n < 126) {
    frame[1] = n;
  } else if (n < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(payload, header);
  return frame;
}

/** Whether `writeFramed` can write to this socket directly (else it goes through `ws.send`). */
export function canWriteDirectly(ws: WebSocket): boolean {
  const internals = ws as unknown as WsInternals;
  return ws.extensions === '' && internals._sender?._state === SENDER_IDLE && !!internals._socket?.writable;
}

/**
 * Sends one message that many sockets receive: `frame` is `binaryFrame(payload)`. A socket that is
 * not open is skipped; one whose write fails is terminated.
 */
export function writeFramed(ws: WebSocket, payload: Uint8Array, frame: Buffer): void {
  if (ws.readyState !== ws.OPEN) return;
  const onWritten = (err?: Error | null) => {
    if (err) ws.terminate();
  };
  if (canWriteDirectly(ws)) (ws as unknown as Required<WsInternals>)._socket.write(frame, onWritten);
  else ws.send(payload, onWritten);
}
