import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { checkProtocol, CloseCode, parseDocName, PROTOCOL_PARAM } from '@samla/shared';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as Y from 'yjs';
import { sessionHashOfCookieHeader, type AuthService } from '../auth/service.js';
import { isOwnOrigin } from '../http/session.js';
import type { AccessMessage, Relay, RelayMessage } from '../cluster/relay.js';
import type { StoreHealth } from '../lib/health.js';
import type { Policy } from '../policy/policy.js';
import { compactDoc } from '../storage/docState.js';
import { DocFromNewerSchemaError, type DocSchema } from '../storage/docSchema.js';
import type { Store } from '../storage/store.js';
import { createMergeWorker } from './mergeWorker.js';
import { DocTooLargeError, HANDED_OVER, MESSAGE_AUTH, RELAYED, SharedDoc, send, type Connection } from './sharedDoc.js';

export const YJS_PATH_PREFIX = '/yjs/';
/**
 * How long a socket the server closed may take to answer the close frame. Nothing it sends in that
 * time is applied; a client that ignores the close is cut off when it runs out.
 */
export const CLOSE_GRACE_MS = 1_000;

/** Why the server ends open connections of a person (see changeAccess). */
export type AccessChange = 'revoke' | 'readOnly' | 'reconnect' | 'signedOut';

/** The document name of an upgrade path under /yjs/, or null when its percent-encoding is malformed. */
export function docNameFromPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname.slice(YJS_PATH_PREFIX.length));
  } catch {
    return null;
  }
}

export interface CollabOptions {
  store: Store;
  /** Cluster mode: other instances' updates, awareness and access changes (cluster/relay.ts). */
  relay?: Relay | null;
  auth: AuthService;
  policy: Policy;
  log: Logger;
  health: StoreHealth;
  publicUrl: string | undefined;
  maxPayload: number;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  maxDocBytes: number;
  unloadAfterMs: number;
  /** How often every socket is pinged; one that has not answered by the next ping is cut off. */
  pingIntervalMs: number;
  /** The document layout to migrate loaded documents to. Default: this build's (storage/docSchema.ts). */
  schema?: DocSchema;
  /** Version history hooks: every change made here, and the moment a document's last client leaves. */
  onLocalChange?: (doc: SharedDoc, userId: string | null) => void;
  onLastClientLeft?: (doc: SharedDoc) => void;
  /** Called right before a document is dropped from memory (unload or shutdown), while it can still be read. */
  onUnload?: (doc: SharedDoc) => void;
}

/**
 * How long a gap in the relayed seqs may stay open before the store is asked, at least: messages from
 * different instances arrive in any order, and an instance publishes only once its write is durable. While
 * the store is slower, the wait is GAP_REPAIR_STORE_FACTOR times this instance's recent append time (up to
 * GAP_REPAIR_MAX_MS): a gap that young is mostly another instance's write in flight, and reading for it
 * would only add load to a store that is already behind.
 */
export const GAP_REPAIR_MS = 250;
const GAP_REPAIR_STORE_FACTOR = 3;
const GAP_REPAIR_MAX_MS = 5_000;
/**
 * Cluster mode: how often an instance compares its connections' access versions with the store's. Access
 * changes arrive by relay within milliseconds; this bounds how long one whose message was lost goes unseen.
 */
export const ACCESS_SWEEP_MS = 5_000;
/** Cluster mode: how often an instance looks for updates another one handed over at its shutdown. */
export const HANDOVER_POLL_MS = 2_000;
/** Store reads that may fail to fill a gap before it is skipped: a seq reserved by a writer that died never arrives. */
const GAP_REPAIR_TRIES = 4;

/** What an instance knows of a loaded document's stored log, from its load, its own writes and the relay. */
interface SeqTrack {
  /** Every seq up to here is applied. */
  seen: number;
  /** Ranges relayed or written past `seen`, with a gap before them. */
  ahead: [number, number][];
  /** Messages that arrived while the document was loading. */
  early: RelayMessage[] | null;
  repair: NodeJS.Timeout | null;
  tries: number;
}

/** A write requested this long after the previous one is not held for the end of the event-loop turn. */
const QUIET_BEFORE_WRITE_MS = 5;

/**
 * `SharedDocOptions.writeTurn`: every doc with updates to write starts its write at the same point of
 * an event-loop turn, so the SQLite store commits them all in one transaction. A write after a quiet
 * spell starts at once: there is nothing to batch it with, and waiting for the turn's end only
 * delayed its broadcast. Writes that follow it closely batch again.
 */
export function createWriteTurn(
  now: () => number = () => performance.now(),
  endOfTurn: (fn: () => void) => void = setImmediate,
): () => Promise<void> {
  let turn: Promise<void> | null = null;
  let lastAt = -Infinity;
  return () => {
    if (turn) return turn;
    const at = now();
    const quiet = at - lastAt > QUIET_BEFORE_WRITE_MS;
    lastAt = at;
    if (quiet) return Promise.resolve();
    return (turn = new Promise<void>((resolve) =>
      endOfTurn(() => {
        turn = null;
        resolve();
      }),
    ));
  };
}

export type CollabServer = ReturnType<typeof createCollabServer>;

/**
 * The y-websocket endpoint: `/yjs/<doc name>`. Authenticates at upgrade, loads the doc
 * before the first sync message, and keeps one `SharedDoc` per name in this instance.
 */
export function createCollabServer(opts: CollabOptions) {
  const { log } = opts;
  const wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxPayload });
  const docs = new Map<string, SharedDoc>();
  const loading = new Map<string, Promise<SharedDoc>>();
  const unloadTimers = new Map<string, NodeJS.Timeout>();
  let shuttingDown = false;

  const writeTurn = createWriteTurn();
  // One compaction at a time, each starting in an event-loop turn of its own, with the merge on a
  // worker thread: merges take milliseconds to tens of milliseconds each, and docs that cross
  // their threshold together must not add those up into one stall of the event loop.
  const merger = createMergeWorker();
  let compactions: Promise<unknown> = Promise.resolve();
  const compact = (docName: string): Promise<boolean> => {
    const run = compactions
      .then(() => new Promise((r) => setImmediate(r)))
      .then(() => compactDoc(opts.store, docName, merger.merge));
    // The chain only orders the runs. A run's failure reaches its caller through `run` (SharedDoc logs
    // it and compacts again later); the next run must start anyway.
    compactions = run.catch(() => {});
    return run;
  };

  // One timer for all sockets: a socket that has not answered the previous ping is dead.
  const unanswered = new Set<WebSocket>();
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (unanswered.has(ws)) {
        ws.terminate();
        continue;
      }
      unanswered.add(ws);
      ws.ping();
    }
  }, opts.pingIntervalMs);
  heartbeat.unref();

  function getDoc(name: string): Promise<SharedDoc> {
    const existing = docs.get(name);
    if (existing) return Promise.resolve(existing);
    let p = loading.get(name);
    if (!p) {
      const doc = new SharedDoc({ name, ...opts, writeTurn, compact, onDurable, onAwareness });
      p = loadDoc(doc)
        .then(() => {
          docs.set(name, doc);
          return doc;
        })
        .catch((err) => {
          leaveRelay(name);
          doc.destroy();
          throw err;
        })
        .finally(() => loading.delete(name));
      loading.set(name, p);
    }
    return p;
  }

  // ---- The relay (cluster mode). Every remote change enters through applyRemoteUpdate. ----
  const { relay } = opts;
  const tracks = new Map<string, SeqTrack>();
  /** This instance's append time lately: a moving average that follows roughly its last ten appends. */
  let appendMs = 0;
  const gapWait = () => Math.min(GAP_REPAIR_MAX_MS, Math.max(GAP_REPAIR_MS, GAP_REPAIR_STORE_FACTOR * appendMs));

  /** Subscribes BEFORE reading the store: an update published during the read is held, not missed. */
  async function loadDoc(doc: SharedDoc): Promise<void> {
    if (!relay) return doc.load();
    const track: SeqTrack = { seen: 0, ahead: [], early: [], repair: null, tries: 0 };
    tracks.set(doc.name, track);
    await relay.join(doc.name, (m) => {
      if (tracks.get(doc.name) !== track) return;
      if (track.early) track.early.push(m);
      else onRelayed(doc.name, track, m);
    });
    await doc.load();
    track.seen = doc.loadedSeq;
    const early = track.early ?? [];
    track.early = null;
    // Not yet in `docs`: applyRemoteUpdate would miss it.
    for (const m of early) {
      if (m.kind === 'updates') {
        for (const u of m.updates) Y.applyUpdate(doc.doc, u, RELAYED);
        noteSeqs(doc.name, track, m.firstSeq, m.firstSeq + m.updates.length - 1);
      }
    }
  }

  function leaveRelay(name: string): void {
    const track = tracks.get(name);
    if (!track) return;
    if (track.repair) clearTimeout(track.repair);
    tracks.delete(name);
    relay?.leave(name);
  }

  function onRelayed(name: string, track: SeqTrack, m: RelayMessage): void {
    if (m.kind === 'awareness') {
      docs.get(name)?.applyRemoteAwareness(m.update);
      return;
    }
    for (const u of m.updates) api.applyRemoteUpdate(name, u);
    noteSeqs(name, track, m.firstSeq, m.firstSeq + m.updates.length - 1);
  }

  function onDurable(doc: SharedDoc, firstSeq: number, updates: Uint8Array[], ms: number): void {
    if (!relay) return;
    appendMs = appendMs === 0 ? ms : appendMs + (ms - appendMs) * 0.2;
    relay.publish(doc.name, { kind: 'updates', firstSeq, updates });
    const track = tracks.get(doc.name);
    if (track) noteSeqs(doc.name, track, firstSeq, firstSeq + updates.length - 1);
  }

  function onAwareness(doc: SharedDoc, update: Uint8Array): void {
    relay?.publish(doc.name, { kind: 'awareness', update });
  }

  /** Moves `seen` over seqs first..last; a gap before them gets the store asked if it does not close soon. */
  function noteSeqs(name: string, track: SeqTrack, first: number, last: number): void {
    if (last <= track.seen) return;
    track.ahead.push([first, last]);
    absorb(track);
    if (track.ahead.length > 0 && !track.repair) {
      track.repair = setTimeout(() => void repair(name, track), gapWait());
      track.repair.unref();
    }
  }

  function absorb(track: SeqTrack): void {
    track.ahead.sort((a, b) => a[0] - b[0]);
    while (track.ahead.length > 0 && track.ahead[0]![0] <= track.seen + 1) {
      track.seen = Math.max(track.seen, track.ahead.shift()![1]);
    }
    while (track.ahead.length > 0 && track.ahead[0]![1] <= track.seen) track.ahead.shift();
    if (track.ahead.length === 0) track.tries = 0;
  }

  /** Reads what the store holds past `seen` and applies it: a lost message, a late subscription, a Redis outage. */
  async function repair(name: string, track: SeqTrack): Promise<void> {
    track.repair = null;
    if (tracks.get(name) !== track || track.early) return;
    let stored;
    try {
      stored = await opts.store.docs.updatesAfter(name, track.seen);
    } catch (err) {
      log.warn({ err, doc: name }, 'could not read missed updates from the store; trying again');
      stored = null;
    }
    if (tracks.get(name) !== track) return;
    if (stored) {
      if (stored.base) api.applyRemoteUpdate(name, stored.base);
      for (const u of stored.updates) api.applyRemoteUpdate(name, u.data);
      const top = stored.updates.at(-1)?.seq ?? stored.baseSeq;
      if (stored.base || stored.updates.length > 0) log.debug({ doc: name, from: track.seen, to: top }, 'repaired relay gap from the store');
      track.seen = Math.max(track.seen, top, stored.baseSeq);
      absorb(track);
    }
    if (track.ahead.length === 0) return;
    // Still a hole: a write in flight, or a seq nobody will ever store (its writer died after reserving it).
    if (++track.tries >= GAP_REPAIR_TRIES) {
      track.seen = track.ahead[0]![0] - 1;
      absorb(track);
      if (track.ahead.length === 0) return;
    }
    track.repair = setTimeout(() => void repair(name, track), gapWait());
    track.repair.unref();
  }

  function scheduleUnload(doc: SharedDoc): void {
    if (doc.conns.size > 0 || unloadTimers.has(doc.name)) return;
    const timer = setTimeout(async () => {
      unloadTimers.delete(doc.name);
      if (doc.conns.size > 0) return;
      // Never drop updates that are still waiting for the store.
      await doc.flushed();
      if (doc.conns.size > 0 || docs.get(doc.name) !== doc) return;
      docs.delete(doc.name);
      leaveRelay(doc.name);
      opts.onUnload?.(doc);
      doc.destroy();
    }, opts.unloadAfterMs);
    timer.unref();
    unloadTimers.set(doc.name, timer);
  }

  /** Bumped on every access change of a person, so a connection authorized meanwhile can tell. */
  const accessEpoch = new Map<string, number>();

  function tellReadOnly(ws: WebSocket): void {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AUTH);
    authProtocol.writePermissionDenied(e, 'read-only');
    send(ws, encoding.toUint8Array(e));
  }

  /** This instance's open connections of `userId` to the documents of `groupId` (every group when null). */
  function connectionsOf(userId: string, groupId: string | null): { doc: SharedDoc; conn: Connection }[] {
    const found: { doc: SharedDoc; conn: Connection }[] = [];
    for (const doc of docs.values()) {
      if (groupId !== null && parseDocName(doc.name)?.groupId !== groupId) continue;
      for (const conn of doc.conns.values()) if (conn.userId === userId) found.push({ doc, conn });
    }
    return found;
  }

  /**
   * Every close the server starts goes through here. From this moment the socket is no longer OPEN,
   * so the message handler drops whatever it still sends; one that never answers the close frame
   * (ws would wait 30 s for it) is terminated after the grace.
   */
  function closeWith(ws: WebSocket, code: number, reason: string): void {
    if (ws.readyState === ws.CLOSED) return;
    if (ws.readyState === ws.OPEN) ws.close(code, reason);
    const cutOff = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    cutOff.unref();
    ws.once('close', () => clearTimeout(cutOff));
  }

  /** Ends one connection of a document at once: it leaves the doc (and its awareness) before the socket closes. */
  function endConnection(doc: SharedDoc, conn: Connection, code: number, reason: string): void {
    doc.removeConnection(conn.ws);
    closeWith(conn.ws, code, reason);
    if (doc.conns.size === 0) opts.onLastClientLeft?.(doc);
    scheduleUnload(doc);
  }

  async function onConnection(ws: WebSocket, req: IncomingMessage, docName: string, protocol: string | null): Promise<void> {
    // Messages can arrive while we authenticate and load; hold them until the doc is ready.
    const early: Uint8Array[] = [];
    const hold = (data: Buffer) => early.push(new Uint8Array(data));
    ws.on('message', hold);
    ws.on('error', (err) => log.debug({ err, doc: docName }, 'yjs socket error'));
    // From the first moment: the heartbeat pings every socket, also one whose sign-in or load is slow
    // (a busy store), and would cut off as dead a client that answered while it waited.
    ws.on('pong', () => unanswered.delete(ws));
    ws.on('close', () => unanswered.delete(ws));

    // Accepted and then closed, not refused at the upgrade: a browser sees a close code, never an HTTP status.
    const version = checkProtocol(protocol);
    if (version === 'clientTooOld') return closeWith(ws, CloseCode.clientTooOld, 'client too old; reload');
    if (version === 'serverTooOld') return closeWith(ws, CloseCode.serverTooOld, 'server older than the client; reconnect');

    const address = parseDocName(docName);
    if (!address) return closeWith(ws, CloseCode.docNotFound, 'no such document');
    // A store that cannot be asked is not a signed-out person: the error reaches onConnection's caller,
    // which logs it and closes with loadFailed (retried), not unauthorized (which asks to sign in again).
    const user = await opts.auth.userFromCookieHeader(req.headers.cookie);
    if (!user) return closeWith(ws, CloseCode.unauthorized, 'sign in first');
    const session = sessionHashOfCookieHeader(req.headers.cookie);
    const epoch = accessEpoch.get(user.id) ?? 0;
    const [read, write, accessVersion] = await Promise.all([
      opts.policy.inGroup(user, 'doc:read', address.groupId),
      opts.policy.inGroup(user, 'doc:write', address.groupId),
      relay ? opts.store.access.versions([user.id]).then((v) => v.get(user.id) ?? 0) : undefined,
    ]);
    if (!read.allowed) {
      return closeWith(ws, read.reason === 'not_found' ? CloseCode.docNotFound : CloseCode.forbidden, read.reason);
    }

    let doc: SharedDoc;
    try {
      doc = await getDoc(docName);
    } catch (err) {
      if (err instanceof DocFromNewerSchemaError) {
        // Mid-deploy: an updated instance migrated it; the client reconnects and meets one.
        log.warn({ doc: docName, docVersion: err.docVersion, ownVersion: err.ownVersion }, err.message);
        return closeWith(ws, CloseCode.serverTooOld, 'document from a newer server; reconnect');
      }
      log.error({ err, doc: docName }, 'could not load document');
      return closeWith(ws, CloseCode.loadFailed, 'document could not be loaded');
    }
    if (ws.readyState !== ws.OPEN) return scheduleUnload(doc);
    clearTimeout(unloadTimers.get(docName));
    unloadTimers.delete(docName);

    // The person's rights changed while this connection was being authorized: decide again.
    if ((accessEpoch.get(user.id) ?? 0) !== epoch) {
      closeWith(ws, CloseCode.roleChanged, 'role changed; reconnect');
      return scheduleUnload(doc);
    }
    const conn: Connection = { ws, userId: user.id, session, readOnly: !write.allowed, accessVersion, awarenessIds: new Set() };
    doc.addConnection(conn);
    if (conn.readOnly) tellReadOnly(ws);

    const handle = (message: Uint8Array) => {
      // A socket the server is closing (revoked, signed out, refused) gets nothing applied or relayed.
      if (ws.readyState !== ws.OPEN) return;
      try {
        doc.handleMessage(conn, message);
      } catch (err) {
        if (err instanceof DocTooLargeError) {
          log.warn({ doc: docName, userId: user.id }, err.message);
          return endConnection(doc, conn, CloseCode.docTooLarge, 'document size limit reached');
        }
        log.warn({ err, doc: docName, userId: user.id }, 'malformed yjs message; closing connection');
        endConnection(doc, conn, CloseCode.malformed, 'malformed message');
      }
    };
    ws.off('message', hold);
    ws.on('message', (data: Buffer) => handle(new Uint8Array(data)));
    for (const m of early) handle(m);

    ws.on('close', () => {
      // Already gone when the server ended it (endConnection).
      if (!doc.conns.has(ws)) return;
      doc.removeConnection(ws);
      if (doc.conns.size === 0) opts.onLastClientLeft?.(doc);
      scheduleUnload(doc);
    });
  }

  /** One access change on this instance's connections (see changeAccess). */
  function applyAccess({ userId, groupId, change, session }: AccessMessage): void {
    accessEpoch.set(userId, (accessEpoch.get(userId) ?? 0) + 1);
    for (const { doc, conn } of connectionsOf(userId, groupId)) {
      if (change === 'readOnly') {
        if (conn.readOnly) continue;
        conn.readOnly = true;
        tellReadOnly(conn.ws);
      } else if (change === 'revoke') {
        endConnection(doc, conn, CloseCode.accessRevoked, 'access revoked');
      } else if (change === 'signedOut') {
        const ends = session === undefined || (typeof session === 'string' ? conn.session === session : conn.session !== session.except);
        if (ends) endConnection(doc, conn, CloseCode.unauthorized, 'signed out');
      } else {
        endConnection(doc, conn, CloseCode.roleChanged, 'role changed; reconnect');
      }
    }
  }

  /**
   * Decides again, from the store, what one connection may do: the person's access changed (their version
   * moved) and this instance may have missed the message that said how.
   */
  async function recheck(doc: SharedDoc, conn: Connection, version: number): Promise<void> {
    conn.accessVersion = version;
    const [user, session] = await Promise.all([
      opts.store.users.findById(conn.userId),
      conn.session ? opts.store.sessions.find(conn.session) : null,
    ]);
    if (!doc.conns.has(conn.ws)) return;
    if (!user) return endConnection(doc, conn, CloseCode.accessRevoked, 'access revoked');
    if (conn.session && (!session || session.expiresAt <= new Date())) return endConnection(doc, conn, CloseCode.unauthorized, 'signed out');
    const groupId = parseDocName(doc.name)!.groupId;
    const [read, write] = await Promise.all([opts.policy.inGroup(user, 'doc:read', groupId), opts.policy.inGroup(user, 'doc:write', groupId)]);
    if (!doc.conns.has(conn.ws)) return;
    if (!read.allowed) return endConnection(doc, conn, CloseCode.accessRevoked, 'access revoked');
    if (write.allowed && conn.readOnly) return endConnection(doc, conn, CloseCode.roleChanged, 'role changed; reconnect');
    if (!write.allowed && !conn.readOnly) {
      conn.readOnly = true;
      tellReadOnly(conn.ws);
    }
  }

  /** Compares every local connection's access version with the store's, and re-decides those that moved. */
  async function sweepAccess(): Promise<void> {
    const userIds = new Set<string>();
    for (const doc of docs.values()) for (const conn of doc.conns.values()) userIds.add(conn.userId);
    if (userIds.size === 0) return;
    const versions = await opts.store.access.versions([...userIds]);
    const checks: Promise<void>[] = [];
    for (const doc of docs.values()) {
      for (const conn of doc.conns.values()) {
        const v = versions.get(conn.userId) ?? 0;
        if (conn.accessVersion !== undefined && v !== conn.accessVersion) checks.push(recheck(doc, conn, v));
      }
    }
    await Promise.all(checks);
  }
  let sweeping = false;
  const sweep = () => {
    if (sweeping || shuttingDown) return;
    sweeping = true;
    sweepAccess()
      .catch((err: unknown) => log.warn({ err }, 'could not compare access versions with the store; trying again'))
      .finally(() => (sweeping = false));
  };
  const accessSweep = relay ? setInterval(sweep, ACCESS_SWEEP_MS) : null;
  accessSweep?.unref();
  relay?.onAccess(applyAccess);

  /**
   * Writes what instances that shut down during a store outage left in Redis: each document is loaded
   * here and the updates applied as this instance's own, so they are stored (retried until the store
   * answers) and relayed. One that cannot be loaded yet goes back for a later round.
   */
  let draining = false;
  async function drainHandovers(): Promise<void> {
    if (!relay || draining || shuttingDown) return;
    draining = true;
    try {
      for (const h of await relay.takeHandovers(20)) {
        try {
          await api.withDoc(h.docName, (doc) => {
            for (const u of h.updates) Y.applyUpdate(doc.doc, u, HANDED_OVER);
          });
          log.info({ doc: h.docName, updates: h.updates.length }, 'took over updates another instance could not store before it stopped');
        } catch (err) {
          log.warn({ err, doc: h.docName }, 'could not take over handed-over updates yet; trying again later');
          await relay.handOver(h);
          break;
        }
      }
    } catch (err) {
      log.debug({ err }, 'could not look for handed-over updates');
    } finally {
      draining = false;
    }
  }
  const handoverPoll = relay ? setInterval(() => void drainHandovers(), HANDOVER_POLL_MS) : null;
  handoverPoll?.unref();

  const api = {
    /** Returns false when the request is not for this endpoint. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(YJS_PATH_PREFIX)) return false;
      const origin = req.headers.origin;
      if (shuttingDown || (origin && !isOwnOrigin(origin, req.headers.host, opts.publicUrl))) {
        socket.end(shuttingDown ? 'HTTP/1.1 503 Service Unavailable\r\n\r\n' : 'HTTP/1.1 403 Forbidden\r\n\r\n');
        return true;
      }
      const docName = docNameFromPath(url.pathname);
      if (docName === null) {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        onConnection(ws, req, docName, url.searchParams.get(PROTOCOL_PARAM)).catch((err) => {
          log.error({ err, doc: docName }, 'yjs connection failed');
          ws.close(CloseCode.loadFailed, 'internal error');
        });
      });
      return true;
    },

    /** Runs `fn` on a loaded document (loading it if needed), for server-side changes such as restore. */
    async withDoc<T>(docName: string, fn: (doc: SharedDoc) => Promise<T> | T): Promise<T> {
      const doc = await getDoc(docName);
      try {
        return await fn(doc);
      } finally {
        scheduleUnload(doc);
      }
    },

    /** The one entry point for updates that another instance has already persisted. */
    applyRemoteUpdate(docName: string, update: Uint8Array): void {
      const doc = docs.get(docName);
      if (doc) Y.applyUpdate(doc.doc, update, RELAYED);
    },

    /**
     * Role changes on open connections. `revoke`: close with `accessRevoked` (removed from the group, or
     * the account is gone; `groupId` null means every group). `readOnly`: keep the connection but drop its
     * writes from now on and tell the client. `reconnect`: close with `roleChanged` so the client comes
     * back with its new rights. `signedOut`: close with `unauthorized` the connections made with
     * `session` (a session id hash), all but those of `{ except }` (a password change keeps the session
     * that made it), or all of the person's when it is left out (password reset).
     * In every case nothing the connection sends afterwards is applied. Acts on this instance; a relay
     * between instances will call it on each.
     */
    changeAccess(userId: string, groupId: string | null, change: AccessChange, session?: string | { except: string }): void {
      applyAccess({ userId, groupId, change, session });
      if (!relay) return;
      relay.publishAccess({ userId, groupId, change, session });
      // The message may be lost; the version is what every instance's sweep compares.
      opts.store.access.bump(userId).catch((err: unknown) => log.error({ err, userId }, 'could not record an access change in the store'));
    },

    /** For tests and /readyz: the docs this instance holds. */
    loadedDocs(): ReadonlyMap<string, SharedDoc> {
      return docs;
    },

    /**
     * Closes every socket with `serverRestarting` (clients reconnect to another instance), then waits until
     * every update is durable. In cluster mode, updates the store has not taken after `handOverAfterMs`
     * are handed over through Redis to another instance instead (drainHandovers), so that a shutdown
     * during a store outage loses nothing; without Redis, or with Redis away too, they stay at risk until
     * the caller gives up (docs/production.md).
     */
    async close({ handOverAfterMs }: { handOverAfterMs?: number } = {}): Promise<void> {
      shuttingDown = true;
      clearInterval(heartbeat);
      if (accessSweep) clearInterval(accessSweep);
      if (handoverPoll) clearInterval(handoverPoll);
      for (const t of unloadTimers.values()) clearTimeout(t);
      unloadTimers.clear();
      await Promise.allSettled(loading.values());
      for (const ws of wss.clients) ws.close(CloseCode.serverRestarting, 'server restarting');
      const flushed = Promise.all([...docs.values()].map((d) => d.flushed()));
      if (relay && handOverAfterMs !== undefined) {
        const inTime = await Promise.race([flushed.then(() => true), new Promise<false>((r) => setTimeout(r, handOverAfterMs, false))]);
        if (!inTime) await handOverPending();
      } else {
        await flushed;
      }
      for (const d of docs.values()) {
        leaveRelay(d.name);
        opts.onUnload?.(d);
        d.destroy();
      }
      docs.clear();
      wss.close();
      await merger.close();
    },
  };
  async function handOverPending(): Promise<void> {
    for (const d of docs.values()) {
      const updates = d.takePending();
      if (updates.length === 0) continue;
      try {
        await relay!.handOver({ docName: d.name, updates });
        log.warn({ doc: d.name, updates: updates.length }, 'the store did not take these updates before shutdown; handed them over to another instance');
      } catch (err) {
        log.error({ err, doc: d.name, updates: updates.length }, 'LOST: neither the store nor Redis took these updates before shutdown');
      }
    }
  }

  if (relay) void drainHandovers();
  relay?.onReconnect(() => {
    sweep();
    void drainHandovers();
    // Whatever was published while Redis was away is lost: every loaded document reads it back.
    for (const [name, track] of tracks) {
      if (track.early || track.repair) continue;
      void repair(name, track);
    }
  });
  return api;
}
