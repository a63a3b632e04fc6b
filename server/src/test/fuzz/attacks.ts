/**
 * Attack drivers: each sends one class of hostile input from generators.ts at a running server and
 * counts what happened. Shared by fuzz.test.ts (bounded) and run.ts (`npm run fuzz`). Loopback only.
 */
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { PROTOCOL_VERSION } from '@samla/shared';
import WebSocket from 'ws';
import type { App } from '../../app.js';
import { connectSocket, docUrl } from '../harness.js';
import { rawWs } from '../rawWs.js';
import {
  orphanUpdate,
  randomFrame,
  rawSocketPacket,
  rawFrameBytes,
  socketEvents,
  socketPayload,
  updateMessage,
  upgradeHeaders,
  upgradePath,
  frameGenerators,
  type FrameContext,
  type Rng,
} from './generators.js';

export interface Target {
  /** http://127.0.0.1:<port> */
  url: string;
  /** ws://127.0.0.1:<port>/yjs */
  wsUrl: string;
  /** Session cookie of the attacking member of `plast`. */
  cookie: string;
  maxPayload: number;
}

export class Stats {
  frames = 0;
  connections = 0;
  upgrades = 0;
  socketEmits = 0;
  readonly byKind = new Map<string, number>();
  readonly closeCodes = new Map<number, number>();
  readonly upgradeStatuses = new Map<string, number>();

  count(map: Map<string, number>, key: string): void;
  count(map: Map<number, number>, key: number): void;
  count(map: Map<string | number, number>, key: string | number): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  summary(): string {
    const fmt = (m: Map<string | number, number>) =>
      [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${v}`).join(' ');
    return [
      `frames ${this.frames} over ${this.connections} connections, ${this.upgrades} raw upgrades, ${this.socketEmits} Socket.IO emits`,
      `close codes: ${fmt(this.closeCodes)}`,
      `upgrade answers: ${fmt(this.upgradeStatuses)}`,
    ].join('\n');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `n` jobs with at most `parallel` at once. */
async function pool(n: number, parallel: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

/** Opens a y-websocket connection with `ws` (cookie header); resolves on open or null when refused. */
function openWs(url: string, cookie: string): Promise<{ ws: WebSocket; closed: Promise<number> } | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers: { cookie }, perMessageDeflate: false });
    let resolveClosed!: (code: number) => void;
    const closed = new Promise<number>((r) => (resolveClosed = r));
    ws.on('error', () => {});
    ws.on('message', () => {});
    ws.on('close', (code) => {
      resolveClosed(code);
      resolve(null);
    });
    ws.on('open', () => resolve({ ws, closed }));
    setTimeout(() => {
      ws.terminate();
      resolve(null);
    }, 5_000).unref();
  });
}

/** Waits for the server to close, up to `ms`; then closes from our side. Returns the close code or 0. */
async function finish(conn: { ws: WebSocket; closed: Promise<number> }, ms: number): Promise<number> {
  const code = await Promise.race([conn.closed, sleep(ms).then(() => 0)]);
  if (code === 0) {
    conn.ws.terminate();
    await conn.closed;
  }
  return code;
}

/**
 * y-websocket protocol fuzz: connections to random `docs`, each sending a few generated frames
 * (most end the connection; the next frames then test the server's handling of a closing socket).
 */
export async function protocolFuzz(
  t: Target,
  rng: Rng,
  opts: { frames: number; parallel: number; docs: readonly string[]; ctx: FrameContext; stats: Stats; kinds?: readonly string[] },
): Promise<void> {
  let left = opts.frames;
  const jobs = Math.ceil(opts.frames / 3);
  await pool(jobs, opts.parallel, async () => {
    if (left <= 0) return;
    const r = rng.fork();
    const conn = await openWs(docUrl(t.wsUrl, r.pick(opts.docs)), t.cookie);
    opts.stats.connections++;
    if (!conn) return;
    const n = Math.min(left, r.range(1, 5));
    left -= n;
    for (let i = 0; i < n && conn.ws.readyState === WebSocket.OPEN; i++) {
      const f = opts.kinds ? randomFrame(r, opts.ctx, r.pick(opts.kinds)) : randomFrame(r, opts.ctx);
      opts.stats.count(opts.stats.byKind, f.kind);
      opts.stats.frames++;
      conn.ws.send(f.data);
    }
    opts.stats.count(opts.stats.closeCodes, await finish(conn, r.range(5, 60)));
  });
}

/** Malformed WebSocket framing on an upgraded socket (bare TCP, as an attacker writes it). */
export async function framingFuzz(
  t: Target,
  rng: Rng,
  opts: { connections: number; parallel: number; docs: readonly string[]; stats: Stats },
): Promise<void> {
  await pool(opts.connections, opts.parallel, async () => {
    const r = rng.fork();
    const raw = await rawWs(t.url, `/yjs/${r.pick(opts.docs)}`, t.cookie);
    opts.stats.connections++;
    const { kind, bytes } = rawFrameBytes(r, t.maxPayload);
    opts.stats.count(opts.stats.byKind, `raw:${kind}`);
    opts.stats.frames++;
    raw.write(bytes);
    const deadline = Date.now() + 150;
    while (!raw.ended && Date.now() < deadline) await sleep(10);
    opts.stats.count(opts.stats.closeCodes, raw.closeCode ?? 0);
    raw.destroy();
  });
}

/**
 * Updates whose dependencies never arrive, from many client ids, on one connection until the server
 * closes it. Returns the close code (4413 expected) and how many updates went out.
 */
export async function orphanFlood(
  t: Target,
  rng: Rng,
  opts: { doc: string; updates: number; textBytes?: number; stats: Stats },
): Promise<{ code: number; sent: number }> {
  const conn = await openWs(docUrl(t.wsUrl, opts.doc), t.cookie);
  opts.stats.connections++;
  if (!conn) return { code: -1, sent: 0 };
  let sent = 0;
  for (; sent < opts.updates && conn.ws.readyState === WebSocket.OPEN; sent++) {
    conn.ws.send(updateMessage(orphanUpdate(rng, rng.clientId(), opts.textBytes ?? rng.range(1, 64))));
    opts.stats.frames++;
    opts.stats.count(opts.stats.byKind, 'orphanFlood');
    // Let the server read as we go, so a close arrives before we queue much more.
    if (sent % 20 === 19) await sleep(1);
  }
  const code = await finish(conn, 3_000);
  opts.stats.count(opts.stats.closeCodes, code);
  return { code, sent };
}

/**
 * Awareness messages for client ids that another person's connection introduced (and queries), on
 * that person's doc. The server must refuse them all; it does not have to close.
 */
export async function awarenessForgery(
  t: Target,
  rng: Rng,
  opts: { doc: string; foreignIds: readonly number[]; frames: number; stats: Stats },
): Promise<void> {
  const conn = await openWs(docUrl(t.wsUrl, opts.doc), t.cookie);
  opts.stats.connections++;
  if (!conn) return;
  const ctx: FrameContext = { maxPayload: t.maxPayload, foreignIds: opts.foreignIds };
  for (let i = 0; i < opts.frames && conn.ws.readyState === WebSocket.OPEN; i++) {
    const kind = i % 5 === 4 ? 'queryAwareness' : 'awarenessForeignIds';
    conn.ws.send(frameGenerators[kind]!(rng, ctx));
    opts.stats.frames++;
    opts.stats.count(opts.stats.byKind, `forge:${kind}`);
  }
  opts.stats.count(opts.stats.closeCodes, await finish(conn, 100));
}

/** Header that makes the wrapped upgrade handler throw (see injectUpgradeFaults). */
export const FAULT_HEADER = 'x-fuzz-fault';

/**
 * Wraps the collab endpoint's upgrade handler so that a request carrying FAULT_HEADER throws inside
 * it, as a bug would. The server must log it and destroy only that socket. Returns the undo.
 */
export function injectUpgradeFaults(app: App): () => void {
  const real = app.collab.handleUpgrade;
  app.collab.handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.headers[FAULT_HEADER]) throw new Error('fuzz: injected fault in an upgrade handler');
    return real(req, socket, head);
  };
  return () => {
    app.collab.handleUpgrade = real;
  };
}

export interface UpgradeAnswer {
  kind: string;
  path: string;
  /** HTTP status of the answer; 0 when the server ended the socket without one. */
  status: number;
  /** After a 101: the close code of the first close frame, or 0. */
  closeCode: number;
}

/** One raw upgrade request over a bare TCP socket. */
export function rawUpgrade(t: Target, path: string, headerLines: string[], waitAfterMs = 300): Promise<{ status: number; closeCode: number }> {
  const { hostname, port } = new URL(t.url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let buf = Buffer.alloc(0);
    let status = 0;
    let closeCode = 0;
    const done = () => {
      socket.destroy();
      resolve({ status, closeCode });
    };
    const timer = setTimeout(done, 3_000);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status, closeCode });
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (status === 0) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d+)/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? -1);
        buf = buf.subarray(end + 4);
        if (status !== 101) return done();
        setTimeout(done, waitAfterMs);
      }
      // A close frame from the server: 0x88, length, code.
      if (buf.length >= 4 && buf[0] === 0x88) {
        closeCode = buf.readUInt16BE(2);
        done();
      }
    });
    socket.once('connect', () => socket.write([`GET ${path} HTTP/1.1`, ...headerLines, '', ''].join('\r\n')));
  });
}

/**
 * Upgrade requests with malformed paths and headers, and (with `faults`) requests that make the
 * upgrade handler throw. Returns every answer so the caller can check what each kind got.
 */
export async function upgradeFuzz(
  t: Target,
  rng: Rng,
  opts: { requests: number; parallel: number; faults: boolean; stats: Stats },
): Promise<UpgradeAnswer[]> {
  const { host } = new URL(t.url);
  const answers: UpgradeAnswer[] = [];
  await pool(opts.requests, opts.parallel, async () => {
    const r = rng.fork();
    let kind: string;
    let path: string;
    let lines: string[];
    const key = Buffer.from(r.bytes(16)).toString('base64');
    const good = ['Upgrade: websocket', 'Connection: Upgrade', `Host: ${host}`, `Cookie: ${t.cookie}`, `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13'];
    const roll = r.next();
    if (opts.faults && roll < 0.1) {
      kind = 'injectedFault';
      path = `/yjs/groups/plast/notes?v=${PROTOCOL_VERSION}`;
      lines = [...good, `${FAULT_HEADER}: throw`];
    } else if (roll < 0.3) {
      ({ kind, lines } = upgradeHeaders(r, host, t.cookie));
      path = `/yjs/groups/plast/notes?v=${PROTOCOL_VERSION}`;
    } else {
      ({ kind, path } = upgradePath(r));
      // With this build's version, so that the hostile name, not the missing version, meets the server.
      path = path.includes('?') ? path.replace('?', `?v=${PROTOCOL_VERSION}&`) : path.replace(/(#|$)/, `?v=${PROTOCOL_VERSION}$1`);
      lines = good;
    }
    const answer = await rawUpgrade(t, path, lines);
    opts.stats.upgrades++;
    opts.stats.count(opts.stats.upgradeStatuses, `${kind}:${answer.status}${answer.closeCode ? `/${answer.closeCode}` : ''}`);
    answers.push({ kind, path, ...answer });
  });
  return answers;
}

/**
 * Socket.IO events with hostile payloads, with and without an ack, on a few sockets (a socket the
 * server disconnects, e.g. past maxHttpBufferSize, is replaced).
 */
export async function socketIoFuzz(t: Target, rng: Rng, opts: { emits: number; sockets: number; stats: Stats }): Promise<{ acked: number; disconnects: number }> {
  let acked = 0;
  let disconnects = 0;
  const perSocket = Math.ceil(opts.emits / opts.sockets);
  await pool(opts.sockets, opts.sockets, async () => {
    let dead = false;
    const open = () => {
      const sock = connectSocket(t.url, t.cookie);
      dead = false;
      // reconnection is off: a socket the server dropped (or refused) stays down, so replace it.
      sock.on('disconnect', () => (dead = true));
      sock.on('connect_error', () => (dead = true));
      return sock;
    };
    let socket = open();
    const ready = async () => {
      if (socket.connected) return true;
      if (dead) {
        disconnects++;
        socket.close();
        socket = open();
      }
      const deadline = Date.now() + 3_000;
      while (!socket.connected && !dead && Date.now() < deadline) await sleep(5);
      return socket.connected;
    };
    for (let i = 0; i < perSocket; i++) {
      if (!(await ready())) continue;
      const event = rng.pick(socketEvents) as string;
      if (rng.chance(0.15)) {
        // Straight onto the engine: packets socket.io-client would never build.
        const raw = rawSocketPacket(rng, event);
        opts.stats.socketEmits++;
        opts.stats.count(opts.stats.byKind, `io:${raw.kind}`);
        (socket.io.engine as unknown as { write(text: string): void }).write(raw.text);
        continue;
      }
      const { kind, value } = socketPayload(rng);
      opts.stats.socketEmits++;
      opts.stats.count(opts.stats.byKind, `io:${kind}`);
      const emit = socket.emit.bind(socket) as unknown as (ev: string, ...args: unknown[]) => void;
      const shape = rng.int(4);
      if (shape === 0) {
        // No ack at all.
        emit(event, value);
      } else if (shape === 1) {
        // The ack where the payload should be, nothing else.
        emit(event, () => acked++);
      } else if (shape === 2) {
        // Extra arguments after the ack's place.
        emit(event, value, rng.string(10), { more: true });
      } else {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500);
          emit(event, value, () => {
            acked++;
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
    await sleep(50);
    socket.close();
  });
  return { acked, disconnects };
}

/** Polls /healthz every `everyMs`; the largest gap between two successful answers is the availability figure. */
export function healthPoller(url: string, everyMs = 50) {
  let running = true;
  let last = performance.now();
  let maxGapMs = 0;
  let answers = 0;
  let failures = 0;
  const loop = (async () => {
    while (running) {
      try {
        const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
        await res.arrayBuffer();
        if (res.ok) {
          const now = performance.now();
          maxGapMs = Math.max(maxGapMs, now - last);
          last = now;
          answers++;
        } else failures++;
      } catch {
        failures++;
      }
      await sleep(everyMs);
    }
  })();
  return {
    /** Milliseconds since the last successful answer. */
    sinceLastMs: () => performance.now() - last,
    async stop() {
      running = false;
      await loop;
      return { maxGapMs: Math.max(maxGapMs, performance.now() - last - everyMs), answers, failures };
    },
  };
}

/** Records uncaught exceptions and unhandled rejections of this process (the server runs in it). */
export function processErrors() {
  const errors: { phase: string; error: unknown }[] = [];
  const state = { phase: 'start' };
  const onError = (err: unknown) => {
    errors.push({ phase: state.phase, error: err });
    if (process.env.FUZZ_VERBOSE) console.error(`uncaught during ${state.phase}:`, err);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    /** Set to the running phase, so an error report says when it happened. */
    set phase(p: string) {
      state.phase = p;
    },
    stop() {
      process.off('uncaughtException', onError);
      process.off('unhandledRejection', onError);
    },
  };
}
