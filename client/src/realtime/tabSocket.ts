import { ErrorCode, type ServerToClientEvents } from '@samla/shared';
// Types only: Socket.IO itself comes through `open`, so that it stays out of the first screen's chunk.
import type { SamlaSocket } from './socket';

/** The refusals a feature explains to the person; anything else is transient and Socket.IO retries. */
export type RefusedCode = typeof ErrorCode.unauthenticated | typeof ErrorCode.clientTooOld;

export interface SocketStatus {
  /** Connected to the server; every held join has been sent again on this connection. */
  connected: boolean;
  /** The browser says the network is gone: the socket stays closed until it is back. */
  offline: boolean;
  /** Why the server refused the last handshake, when the person must be told; cleared by the next connect. */
  refused: RefusedCode | null;
}

/** A server-side join (presence in a group, a members watch, a session room) that a feature holds. */
export interface RoomJoin {
  /**
   * Sends the join with its ack. Called at once when connected and again on every reconnect while
   * held: the server forgets a dropped socket's rooms, and the ack brings what was missed meanwhile.
   */
  enter(socket: SamlaSocket): void;
  /** Sends the leave, when the last holder of the key lets go while connected. */
  leave?(socket: SamlaSocket): void;
}

/**
 * The tab's one Socket.IO connection (issue 15), shared by every feature: presence, the members
 * watch, the session room and the home screen's membership news.
 */
export interface TabSocket {
  /** The current status (a new object on every change). */
  status(): SocketStatus;
  /** Calls `listener` after every status change, until the returned function is called. */
  onStatus(listener: () => void): () => void;
  /** Hears a server notification until the returned function is called. Opens the socket if it is not yet. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void;
  /**
   * Hears a server notification while the socket is open for some feature, without opening it: for
   * bookkeeping (the query cache) that matters only to screens that listen themselves.
   */
  hear<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void;
  /**
   * Holds a join under `key` (one key per server-side room, such as `presence:<groupId>`) until the
   * returned function is called. Every holder's `enter` runs on each connect; the leave is sent once,
   * when the last holder of the key lets go, so two screens in one room do not take each other out.
   */
  join(key: string, room: RoomJoin): () => void;
  /** The socket while it is connected, for commands and their acks; null otherwise (nothing is queued). */
  connected(): SamlaSocket | null;
  /** Sign-out: closes the socket for good and forgets every handler and join. */
  close(): void;
}

/** The browser's idea of the network, as the tab socket needs it (a fake in tests). */
export interface Network {
  online(): boolean;
  /** Calls `change` on the window's `online` and `offline` events until the returned function is called. */
  listen(change: (online: boolean) => void): () => void;
}

export const browserNetwork = (): Network => ({
  online: () => navigator.onLine,
  listen(change) {
    const online = () => change(true);
    const offline = () => change(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  },
});

type Handler = (...args: unknown[]) => void;

/**
 * A tab socket over the socket `open` makes (`createSocket`, loaded on demand). Nothing connects until
 * a feature first listens or joins; from then on the one socket stays until `close`.
 */
export function createTabSocket(open: () => Promise<SamlaSocket>, network: Network = browserNetwork()): TabSocket {
  let socket: SamlaSocket | null = null;
  let opening = false;
  let closed = false;
  let stopNetwork: (() => void) | undefined;
  let status: SocketStatus = { connected: false, offline: !network.online(), refused: null };
  const statusListeners = new Set<() => void>();
  const handlers = new Map<string, Set<Handler>>();
  const hearers = new Map<string, Set<Handler>>();
  const holders: { key: string; room: RoomJoin }[] = [];

  function update(next: Partial<SocketStatus>): void {
    const merged = { ...status, ...next };
    if (merged.connected === status.connected && merged.offline === status.offline && merged.refused === status.refused) return;
    status = merged;
    for (const listener of [...statusListeners]) listener();
  }

  // A socket on a dead network looks open until the heartbeat gives up (up to 45 s), and a command
  // sent meanwhile would wait for an ack that never comes: go offline at once, connect again when back.
  function networkChanged(online: boolean): void {
    update(online ? { offline: false } : { offline: true, connected: false });
    if (!online) socket?.disconnect();
    else if (socket) socket.connect();
    else if (holders.length > 0 || handlers.size > 0) ensureOpen();
  }

  function attach(s: SamlaSocket): void {
    s.on('connect', () => {
      update({ connected: true, refused: null });
      for (const holder of [...holders]) holder.room.enter(s);
    });
    s.on('disconnect', () => update({ connected: false }));
    s.on('connect_error', (err) => {
      // `createSocket` has already tried the reload for a new build; this is for when it could not.
      if (err.message === ErrorCode.unauthenticated || err.message === ErrorCode.clientTooOld) update({ refused: err.message });
    });
    s.onAny((event: string, ...args: unknown[]) => {
      for (const handler of [...(handlers.get(event) ?? []), ...(hearers.get(event) ?? [])]) handler(...args);
    });
  }

  function subscribe(map: Map<string, Set<Handler>>, event: string, handler: Handler): () => void {
    // A wrapper of its own, so the same function subscribed twice is also unsubscribed once.
    const own: Handler = (...args) => handler(...args);
    let set = map.get(event);
    if (!set) map.set(event, (set = new Set()));
    set.add(own);
    return () => {
      set.delete(own);
      if (set.size === 0 && map.get(event) === set) map.delete(event);
    };
  }

  function ensureOpen(): void {
    if (socket || opening || closed) return;
    opening = true;
    stopNetwork ??= network.listen(networkChanged);
    open().then(
      (s) => {
        opening = false;
        // Signed out while Socket.IO was loading: this socket never connects.
        if (closed) return;
        socket = s;
        attach(s);
        if (!status.offline) s.connect();
      },
      () => {
        // The chunk did not load (no network, or a new build replaced it): the next use or `online` tries again.
        opening = false;
      },
    );
  }

  return {
    status: () => status,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    on(event, handler) {
      const stop = subscribe(handlers, event, handler as Handler);
      ensureOpen();
      return stop;
    },
    hear: (event, handler) => subscribe(hearers, event, handler as Handler),
    join(key, room) {
      const holder = { key, room };
      holders.push(holder);
      ensureOpen();
      if (socket?.connected) room.enter(socket);
      return () => {
        const at = holders.indexOf(holder);
        if (at < 0) return;
        holders.splice(at, 1);
        // Not connected: the server dropped the socket's rooms with it, and a reconnect no longer enters this one.
        if (socket?.connected && !holders.some((h) => h.key === key)) room.leave?.(socket);
      };
    },
    connected: () => (socket?.connected ? socket : null),
    close() {
      closed = true;
      stopNetwork?.();
      socket?.disconnect();
      socket = null;
      holders.length = 0;
      handlers.clear();
      update({ connected: false });
      statusListeners.clear();
    },
  };
}
