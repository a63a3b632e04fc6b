import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * A y-websocket protocol client on a raw `ws` socket, much cheaper than a WebsocketProvider:
 * no awareness, no BroadcastChannel, no reconnect timers, and a reader without a `doc`
 * never decodes the updates it receives. That keeps 1,000 clients in one process on 2 cores,
 * so the load generator and its single clock stay in one place.
 *
 * What it speaks, as WebsocketProvider does: on open it sends sync step 1 (its state vector);
 * it answers the server's step 1 with step 2; it applies the server's step 2 and updates to
 * `doc` when it has one. It sends no awareness (see README: idle clients without presence).
 */

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** Sync step 2 carrying an empty update: what a doc-less reader answers the server's step 1 with. */
const EMPTY_STEP2 = (() => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP2);
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
  return encoding.toUint8Array(e);
})();

/** Sync step 1 with an empty state vector: "send me everything". */
const EMPTY_STEP1 = (() => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, SYNC_STEP1);
  encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
  return encoding.toUint8Array(e);
})();

export interface RawClientOptions {
  url: string;
  cookie?: string | null;
  /** When given, the server's step 2 and updates are applied to it. */
  doc?: Y.Doc;
  /** Every incremental update (sync message type 2) as the raw message, with its arrival time. */
  onUpdate?: (message: Buffer, receivedAt: number) => void;
}

export class RawYClient {
  readonly ws: WebSocket;
  readonly doc: Y.Doc | null;
  readonly createdAt = performance.now();
  openedAt = NaN;
  /** When the server's sync step 2 had arrived and, with a doc, was applied. */
  syncedAt = NaN;
  step2Bytes = 0;
  /** Time this client spent applying the server's step 2 (part of syncedAt − openedAt). */
  step2ApplyMs = 0;
  readOnly = false;
  closeCode: number | null = null;
  /** Resolves when the server's sync step 2 is in; rejects if the socket closes first. */
  readonly synced: Promise<void>;
  private onUpdate: RawClientOptions['onUpdate'];

  constructor(opts: RawClientOptions) {
    this.doc = opts.doc ?? null;
    this.onUpdate = opts.onUpdate;
    this.ws = new WebSocket(opts.url, {
      headers: opts.cookie ? { cookie: opts.cookie } : {},
      perMessageDeflate: false,
    });
    let resolveSynced!: () => void;
    let rejectSynced!: (e: Error) => void;
    this.synced = new Promise<void>((res, rej) => {
      resolveSynced = res;
      rejectSynced = rej;
    });
    // Avoid unhandled rejections for clients nobody awaits.
    this.synced.catch(() => {});

    this.ws.on('open', () => {
      this.openedAt = performance.now();
      if (this.doc) {
        const e = encoding.createEncoder();
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, this.doc);
        this.ws.send(encoding.toUint8Array(e));
      } else {
        this.ws.send(EMPTY_STEP1);
      }
    });
    this.ws.on('message', (data: Buffer) => {
      // Message and sync types are < 128, so each is one byte of varuint.
      if (data[0] === MESSAGE_SYNC) {
        const kind = data[1];
        if (kind === SYNC_UPDATE) {
          const t = performance.now();
          if (this.doc) Y.applyUpdate(this.doc, readPayload(data), this);
          this.onUpdate?.(data, t);
        } else if (kind === SYNC_STEP2) {
          const t = performance.now();
          if (this.doc) Y.applyUpdate(this.doc, readPayload(data), this);
          this.step2ApplyMs = performance.now() - t;
          this.step2Bytes = data.byteLength;
          this.syncedAt = performance.now();
          resolveSynced();
        } else if (kind === SYNC_STEP1) {
          if (this.doc) {
            const d = decoding.createDecoder(data);
            decoding.readVarUint(d);
            decoding.readVarUint(d);
            const e = encoding.createEncoder();
            encoding.writeVarUint(e, MESSAGE_SYNC);
            syncProtocol.writeSyncStep2(e, this.doc, decoding.readVarUint8Array(d));
            this.ws.send(encoding.toUint8Array(e));
          } else {
            this.ws.send(EMPTY_STEP2);
          }
        }
      } else if (data[0] === MESSAGE_AUTH) {
        this.readOnly = true;
      }
    });
    this.ws.on('close', (code) => {
      this.closeCode = code;
      rejectSynced(new Error(`socket closed with ${code} before sync`));
    });
    this.ws.on('error', (err) => rejectSynced(err));
  }

  /** Sends a local Yjs update as a y-websocket update message. */
  sendUpdate(update: Uint8Array): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
    this.ws.send(encoding.toUint8Array(e));
  }

  /** Resolves once everything queued on the socket has been handed to the kernel; rejects if it closed (what was queued never left). */
  drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.ws.readyState !== WebSocket.OPEN) reject(new Error(`socket closed${this.closeCode === null ? '' : ` with ${this.closeCode}`} before its messages were sent`));
        else if (this.ws.bufferedAmount === 0) resolve();
        else setTimeout(check, 5);
      };
      check();
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
      else this.ws.close();
      // A server that does not answer the close handshake does not hold us up.
      setTimeout(() => this.ws.terminate(), 2_000).unref();
    });
  }
}

function readPayload(message: Buffer): Uint8Array {
  const d = decoding.createDecoder(message);
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d);
}

/** Opens `count` clients, at most `concurrency` connecting at once, and waits until each is synced. */
export async function connectMany(
  count: number,
  make: (i: number) => RawYClient,
  concurrency = 50,
): Promise<RawYClient[]> {
  const clients: RawYClient[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const c = make(i);
      clients[i] = c;
      await c.synced;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return clients;
}

export async function closeAll(clients: RawYClient[]): Promise<void> {
  await Promise.all(clients.map((c) => c.close()));
}

/**
 * Sequence markers inside typed text: `~Q` + 7 digits + `~`. Receivers find the marker in the raw
 * message bytes (no Yjs decoding) and look up when that sequence number was sent.
 */
const MARK = Buffer.from('~Q');
export const MARKER_LEN = 10;

export function marker(seq: number): string {
  if (!(seq >= 0 && seq < 10_000_000)) throw new Error(`sequence number ${seq} does not fit a marker`);
  return `~Q${String(seq).padStart(7, '0')}~`;
}

/** Where the next marker at or after `from` starts, or -1. */
function nextMarker(message: Buffer, from: number): number {
  for (;;) {
    const i = message.indexOf(MARK, from);
    if (i < 0 || i + MARKER_LEN > message.length) return -1;
    let ok = message[i + MARKER_LEN - 1] === 0x7e;
    for (let k = i + 2; ok && k < i + 9; k++) ok = message[k]! >= 0x30 && message[k]! <= 0x39;
    if (ok) return i;
    from = i + 1;
  }
}

function markerSeq(message: Buffer, i: number): number {
  let n = 0;
  for (let k = i + 2; k < i + 9; k++) n = n * 10 + message[k]! - 0x30;
  return n;
}

/**
 * Every sequence number inside a message. One broadcast update holds one marker, but an instance
 * that fills a gap from the store (cluster mode) may send a merged update holding many.
 */
export function forEachMarker(message: Buffer, fn: (seq: number) => void): void {
  for (let i = nextMarker(message, 0); i >= 0; i = nextMarker(message, i + MARKER_LEN)) fn(markerSeq(message, i));
}
