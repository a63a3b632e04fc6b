import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Logger } from 'pino';
import { CloseCode, docSchemaVersion, parseDocName } from '@samla/shared';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { StoreHealth } from '../lib/health.js';
import { binaryFrame, writeFramed } from './frame.js';
import { applyStoredDoc, compactDoc } from '../storage/docState.js';
import { migrateDoc, type DocSchema } from '../storage/docSchema.js';
import type { Store } from '../storage/store.js';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** Transaction origins that must not be written again: the load itself, and updates another instance persisted. */
export const LOADED = Symbol('loaded');
/** A browser tab uses one awareness id; a few more allow for reconnects within one socket's life. */
export const MAX_AWARENESS_IDS_PER_CONNECTION = 8;
export const RELAYED = Symbol('relayed');
/** Origin of the migration to this build's document layout at load: persisted and broadcast, but nobody's edit. */
export const MIGRATED = Symbol('migrated');
/** Origin of updates another instance handed over at its shutdown: stored and broadcast here, nobody's edit. */
export const HANDED_OVER = Symbol('handed-over');
/**
 * Bounds of what a doc holds for updates whose dependencies never arrived. Yjs keeps such structs and
 * delete sets aside and merges every later update with them, so without a bound a member can grow
 * them past MAX_DOC_BYTES (which only sees integrated changes) until each update stalls the event loop.
 * A client that synced never sends them: its updates build on what the server has.
 */
export const MAX_PENDING_BYTES = 1024 * 1024;
export const MAX_PENDING_UPDATES = 100;

export interface Connection {
  ws: WebSocket;
  userId: string;
  /** The hash of the session the connection signed in with, so that signing out ends it. */
  session: string | null;
  readOnly: boolean;
  /** Cluster mode: the person's access version (Store.access) this connection was authorized at. */
  accessVersion?: number;
  /** Awareness client ids this connection set, removed when it leaves. */
  awarenessIds: Set<number>;
}

export interface SharedDocOptions {
  name: string;
  store: Store;
  log: Logger;
  health: StoreHealth;
  compactAfterUpdates: number;
  compactAfterBytes: number;
  /** Largest encoded state a document may grow to; an update that would pass it is refused. */
  maxDocBytes: number;
  /** Called for every change made here (not loaded, relayed or migrated), with who made it when known. */
  onLocalChange?: (doc: SharedDoc, userId: string | null) => void;
  /** The document layout to migrate to at load (tests pass their own). Default: this build's. */
  schema?: DocSchema;
  /** Longest wait between retries of a failed write. */
  maxBackoffMs?: number;
  /**
   * Resolves at the moment when every doc starts its pending write, once per event-loop turn,
   * so that a synchronous store commits all docs' updates of a turn in one transaction.
   * Without it a doc starts writing as soon as an update arrives.
   */
  writeTurn?: () => Promise<void>;
  /**
   * Compacts a doc's stored log (the collab server queues them and merges off the event loop);
   * false when another compaction won the race. Default: compactDoc on this thread.
   */
  compact?: (docName: string) => Promise<boolean>;
  /**
   * Updates made here, once durable under seqs `firstSeq`… (the relay publishes them to other instances),
   * and how long the store took. Not called for relayed updates, which another instance stored.
   */
  onDurable?: (doc: SharedDoc, firstSeq: number, updates: Uint8Array[], appendMs: number) => void;
  /** An awareness change made here (not a relayed one), encoded for other instances. */
  onAwareness?: (doc: SharedDoc, update: Uint8Array) => void;
}

/** Origin of changes the server makes on someone's behalf, such as restoring a version. */
export class OnBehalfOf {
  constructor(readonly userId: string) {}
}

export class DocTooLargeError extends Error {}

interface Pending {
  update: Uint8Array;
  origin: unknown;
  broadcast: boolean;
}

/**
 * One Yjs document in memory with its connections. Every local update is appended to the
 * store before it is broadcast; updates that arrive while a write is in flight are written
 * together in the next one (group commit). If the store fails, editing continues live:
 * updates are broadcast, kept in memory and retried with backoff until they are durable.
 */
export class SharedDoc {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly conns = new Map<WebSocket, Connection>();
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  private compacting: Promise<void> | null = null;
  private sinceCompact = { count: 0, bytes: 0 };
  /**
   * This cycle's share of the compaction thresholds, drawn from [0.75, 1): docs edited together
   * (a session where every group takes notes) must not all reach the threshold in the same instant.
   */
  private compactAt = compactionJitter();
  /** An upper bound of the encoded state's size: the stored bytes after load, then grown by every update. */
  private sizeBound = 0;
  private closed = false;
  /** Updates applied since the doc last had nothing pending (see MAX_PENDING_UPDATES). */
  private pendingUpdates = 0;
  /** Which connection introduced each awareness client id: only it (or the same person reconnecting) may change it. */
  private awarenessOwners = new Map<number, Connection>();
  /**
   * The whole state as one update, for clients that have nothing yet (empty state vector), until the
   * doc next changes. After a load from a compacted base it is the stored base itself: the first
   * client after a restart then skips encoding the doc (6–7 ms of a ~35 ms cold sync of a
   * 10,000-update doc), and a room of people opening the same board encodes it once.
   */
  private fullState: Uint8Array | null = null;
  /** The highest seq the load read from the store (the base's when the log was empty). */
  private storedSeq = 0;

  constructor(private readonly opts: SharedDocOptions) {
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  private onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADED) return;
    this.fullState = null;
    this.sizeBound += update.byteLength;
    if (origin === RELAYED) return this.broadcast(this.syncUpdateMessage(update), null);
    this.queue.push({ update, origin, broadcast: false });
    this.writing ??= this.drainNextTurn();
    if (origin === MIGRATED) return;
    const userId = origin instanceof OnBehalfOf ? origin.userId : (this.conns.get(origin as WebSocket)?.userId ?? null);
    this.opts.onLocalChange?.(this, userId);
  };

  get name(): string {
    return this.opts.name;
  }

  get loadedSeq(): number {
    return this.storedSeq;
  }

  /**
   * Gives up the updates that are not durable yet, for another instance to write (shutdown during a
   * store outage). This doc stops retrying them; a write already in flight may still land, harmlessly.
   */
  takePending(): Uint8Array[] {
    return this.queue.splice(0).map((p) => p.update);
  }

  get hasPendingWrites(): boolean {
    return this.queue.length > 0;
  }

  /** Load stored state. Throws if the store fails: a doc that did not load must never be written. */
  async load(): Promise<void> {
    const stored = await this.opts.store.docs.load(this.opts.name);
    applyStoredDoc(this.doc, stored, LOADED);
    this.storedSeq = stored.updates.at(-1)?.seq ?? stored.baseSeq;
    this.sinceCompact = {
      count: stored.updates.length,
      bytes: stored.updates.reduce((n, u) => n + u.data.byteLength, 0),
    };
    // What was stored bounds the merged state (merging only joins structs and delete sets), and
    // checkSize encodes exactly before it refuses anything; encoding here would cost every load.
    this.sizeBound = (stored.base?.byteLength ?? 0) + this.sinceCompact.bytes;
    // A compacted base is the encoded state of a gc doc: what encodeStateAsUpdate would give again.
    this.fullState = stored.updates.length === 0 ? stored.base : null;
    // Listening only now: with a listener, Yjs would encode the whole loaded state as one update.
    this.doc.on('update', this.onUpdate);
    const address = parseDocName(this.opts.name);
    const from = address && migrateDoc(this.doc, this.opts.name, address, this.opts.schema, MIGRATED);
    if (from) this.opts.log.info({ doc: this.opts.name, from, to: docSchemaVersion(this.doc) }, 'document migrated to this build\'s layout');
  }

  /**
   * Refuses an update that would take the document past maxDocBytes. The running bound only
   * grows (deletions shrink the real size), so it is recomputed exactly before refusing.
   */
  private checkSize(update: Uint8Array): void {
    if (this.sizeBound + update.byteLength <= this.opts.maxDocBytes) return;
    this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength;
    if (this.sizeBound + update.byteLength > this.opts.maxDocBytes) {
      throw new DocTooLargeError(`document would exceed ${this.opts.maxDocBytes} bytes`);
    }
  }

  /**
   * Drops what waits for missing dependencies once it passes its bound, and refuses the connection
   * whose update took it there. Only integrated changes are ever stored, so nothing durable is lost.
   */
  private checkPending(): void {
    const { pendingStructs, pendingDs } = this.doc.store;
    if (!pendingStructs && !pendingDs) {
      this.pendingUpdates = 0;
      return;
    }
    const bytes = (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
    if (++this.pendingUpdates <= MAX_PENDING_UPDATES && bytes <= MAX_PENDING_BYTES) return;
    this.doc.store.pendingStructs = null;
    this.doc.store.pendingDs = null;
    this.pendingUpdates = 0;
    throw new DocTooLargeError(`updates with missing dependencies passed their bound (${bytes} bytes)`);
  }

  /** Resolves when every update so far is durable and no compaction is running. */
  async flushed(): Promise<void> {
    while (this.writing || this.compacting) await (this.writing ?? this.compacting);
  }

  private async drainNextTurn(): Promise<void> {
    if (this.opts.writeTurn) await this.opts.writeTurn();
    return this.drain();
  }

  private async drain(): Promise<void> {
    let backoff = 50;
    const maxBackoff = this.opts.maxBackoffMs ?? 5_000;
    while (this.queue.length > 0) {
      const batch = this.queue.slice();
      try {
        const updates = batch.map((p) => p.update);
        const started = performance.now();
        const lastSeq = await this.opts.store.docs.append(this.opts.name, updates);
        this.queue.splice(0, batch.length);
        this.opts.health.writeSucceeded(this.opts.name);
        this.broadcastPending(batch);
        this.opts.onDurable?.(this, lastSeq - updates.length + 1, updates, performance.now() - started);
        this.sinceCompact.count += batch.length;
        this.sinceCompact.bytes += batch.reduce((n, p) => n + p.update.byteLength, 0);
        backoff = 50;
      } catch (err) {
        this.opts.health.writeFailed(this.opts.name, err);
        this.opts.log.error({ err, doc: this.opts.name, pending: this.queue.length }, 'could not persist Yjs updates; retrying');
        // Editing goes on live while the store is away; the crash guarantee returns once the queue is written.
        this.broadcastPending(batch);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
    this.writing = null;
    this.maybeCompact();
  }

  private broadcastPending(batch: Pending[]): void {
    for (const p of batch) {
      if (p.broadcast) continue;
      p.broadcast = true;
      this.broadcast(this.syncUpdateMessage(p.update), p.origin);
    }
  }

  private maybeCompact(): void {
    const { count, bytes } = this.sinceCompact;
    const f = this.compactAt;
    if (this.compacting || (count < this.opts.compactAfterUpdates * f && bytes < this.opts.compactAfterBytes * f)) return;
    const { compact, store, name } = this.opts;
    let done = false;
    this.compacting = (compact ? compact(name) : compactDoc(store, name))
      .then((compacted) => {
        done = compacted;
        if (!compacted) return;
        // Writes go on while a compaction waits for its turn and merges: count those as not compacted yet.
        this.sinceCompact = { count: this.sinceCompact.count - count, bytes: this.sinceCompact.bytes - bytes };
        this.compactAt = compactionJitter();
      })
      .catch((err) => this.opts.log.warn({ err, doc: this.opts.name }, 'compaction failed; will retry later'))
      .finally(() => {
        this.compacting = null;
        // The log may have passed the threshold again meanwhile, and editing may have stopped.
        if (done && !this.closed) this.maybeCompact();
      });
  }

  private hasPendingFrom(ws: WebSocket): boolean {
    return this.queue.some((p) => p.origin === ws);
  }

  private async ownUpdatesDurable(ws: WebSocket): Promise<void> {
    while (this.writing && this.hasPendingFrom(ws)) await this.writing;
  }

  private syncStep2Message(stateVector: Uint8Array): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    if (isEmptyStateVector(stateVector)) {
      this.fullState ??= Y.encodeStateAsUpdate(this.doc);
      encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(e, this.fullState);
    } else {
      syncProtocol.writeSyncStep2(e, this.doc, stateVector);
    }
    return encoding.toUint8Array(e);
  }

  private syncUpdateMessage(update: Uint8Array): Uint8Array {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeUpdate(e, update);
    return encoding.toUint8Array(e);
  }

  private onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = added.concat(updated, removed);
    const conn = this.conns.get(origin as WebSocket);
    if (conn) {
      for (const id of added.concat(updated)) this.own(conn, id);
    }
    for (const id of removed) {
      this.awarenessOwners.get(id)?.awarenessIds.delete(id);
      this.awarenessOwners.delete(id);
    }
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
    this.broadcast(encoding.toUint8Array(e), null);
    if (origin !== RELAYED) this.opts.onAwareness?.(this, update);
  };

  /** Cursors and names of another instance's clients; they time out here too if that instance goes away. */
  applyRemoteAwareness(update: Uint8Array): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, RELAYED);
  }

  /** Sends to every connection but `except` (the author already has its own update). */
  broadcast(message: Uint8Array, except: unknown): void {
    const frame = binaryFrame(message);
    for (const conn of this.conns.values()) {
      if (conn.ws !== except) writeFramed(conn.ws, message, frame);
    }
  }

  addConnection(conn: Connection): void {
    this.conns.set(conn.ws, conn);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(e, this.doc);
    send(conn.ws, encoding.toUint8Array(e));
    this.sendAwarenessStates(conn.ws);
  }

  removeConnection(ws: WebSocket): void {
    const conn = this.conns.get(ws);
    if (!conn) return;
    this.conns.delete(ws);
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessIds], null);
  }

  private own(conn: Connection, id: number): void {
    const before = this.awarenessOwners.get(id);
    if (before === conn) return;
    // The same person's new socket takes the id over, so the old one's close no longer removes it.
    before?.awarenessIds.delete(id);
    this.awarenessOwners.set(id, conn);
    conn.awarenessIds.add(id);
  }

  /** An id this connection may speak for: its own, a new one, or one of the same person's other sockets. */
  private mayUpdateAwareness(conn: Connection, id: number): boolean {
    if (id === this.doc.clientID) return false;
    const owner = this.awarenessOwners.get(id);
    return owner === undefined ? !this.awareness.getStates().has(id) : owner.userId === conn.userId;
  }

  private sendAwarenessStates(ws: WebSocket): void {
    const ids = [...this.awareness.getStates().keys()];
    if (ids.length === 0) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    send(ws, encoding.toUint8Array(e));
  }

  /** Handles one binary message of the y-websocket protocol. Throws on a malformed message. */
  handleMessage(conn: Connection, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const kind = decoding.readVarUint(decoder);
        if (kind === syncProtocol.messageYjsSyncStep1) {
          const stateVector = decoding.readVarUint8Array(decoder);
          // Decoded now, so that a malformed one is refused here: the answer may be deferred, and
          // nothing would catch the error there.
          Y.decodeStateVector(stateVector);
          // Step 2 doubles as the client's "saved" acknowledgement (docs/api.md): it leaves only
          // once every update this connection sent before its step 1 is in the store.
          if (!this.hasPendingFrom(conn.ws)) return send(conn.ws, this.syncStep2Message(stateVector));
          void this.ownUpdatesDurable(conn.ws)
            .then(() => {
              if (!this.closed) send(conn.ws, this.syncStep2Message(stateVector));
            })
            .catch((err: unknown) => {
              this.opts.log.error({ err, doc: this.name }, 'could not answer a sync step 1; closing the connection');
              conn.ws.close(CloseCode.malformed, 'sync failed');
            });
        } else if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate) {
          // A read-only connection's writes are dropped; it learns why from the auth message sent at connect.
          if (conn.readOnly) return;
          const update = decoding.readVarUint8Array(decoder);
          this.checkSize(update);
          Y.applyUpdate(this.doc, update, conn.ws);
          this.checkPending();
        } else {
          throw new Error(`unknown sync message ${kind}`);
        }
        return;
      }
      case MESSAGE_AWARENESS: {
        const update = decoding.readVarUint8Array(decoder);
        const ids = awarenessIds(update);
        const foreign = ids.filter((id) => !this.mayUpdateAwareness(conn, id));
        if (foreign.length > 0) {
          // Another person's name, cursor or presence is theirs alone: the whole message is refused.
          this.opts.log.warn({ doc: this.name, userId: conn.userId, ids: foreign }, 'refused awareness for client ids of another person');
          return;
        }
        const added = ids.filter((id) => !conn.awarenessIds.has(id));
        if (conn.awarenessIds.size + added.length > MAX_AWARENESS_IDS_PER_CONNECTION) {
          throw new Error('too many awareness entries for one connection');
        }
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, conn.ws);
        return;
      }
      case MESSAGE_QUERY_AWARENESS:
        this.sendAwarenessStates(conn.ws);
        return;
      case MESSAGE_AUTH:
        return;
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** A state vector that lists no client: the encoding of a doc with nothing in it. */
const isEmptyStateVector = (sv: Uint8Array): boolean => sv.byteLength === 1 && sv[0] === 0;

const compactionJitter = (): number => 0.75 + Math.random() * 0.25;

/** The client ids an encoded awareness update speaks for. */
function awarenessIds(update: Uint8Array): number[] {
  const d = decoding.createDecoder(update);
  const ids: number[] = [];
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    ids.push(decoding.readVarUint(d));
    decoding.readVarUint(d); // clock
    decoding.readVarString(d); // state as JSON
  }
  return ids;
}

export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, (err) => {
    if (err) ws.terminate();
  });
}
