import type { SamlaSocket } from './socket';
import { createTabSocket, type Network } from './tabSocket';

/** For tests: what a client sent, with its ack callback to answer. */
export interface Sent {
  event: string;
  payload: unknown;
  ack?: (reply: unknown) => void;
}

type Listener = (...args: unknown[]) => void;

/**
 * For tests: the part of a Socket.IO client socket the tab socket and the features use, driven by hand.
 * Like the real one, `disconnect()` fires 'disconnect' at once and `connect()` only asks to connect.
 */
export class FakeSocket {
  connected = false;
  readonly sent: Sent[] = [];
  connectCalls = 0;
  disconnectCalls = 0;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly any = new Set<Listener>();

  on(event: string, listener: Listener): this {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return this;
  }

  onAny(listener: Listener): this {
    this.any.add(listener);
    return this;
  }

  emit(event: string, payload: unknown, ack?: (reply: unknown) => void): this {
    this.sent.push({ event, payload, ack });
    return this;
  }

  timeout(): { emitWithAck: (event: string, payload: unknown) => Promise<unknown> } {
    return { emitWithAck: (event, payload) => new Promise((resolve) => this.emit(event, payload, resolve)) };
  }

  connect(): this {
    this.connectCalls++;
    return this;
  }

  disconnect(): this {
    this.disconnectCalls++;
    if (this.connected) this.drop('io client disconnect');
    return this;
  }

  /** The server accepted the handshake. */
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The connection dropped (Socket.IO would now reconnect by itself). */
  drop(reason = 'transport close'): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }

  /** The server's middleware refused the handshake. */
  refuse(message: string): void {
    this.fire('connect_error', new Error(message));
  }

  /** A notification from the server. */
  serverSends(event: string, ...args: unknown[]): void {
    for (const listener of [...this.any]) listener(event, ...args);
  }

  /** The events sent, as `event payload-json`, oldest first; `since` skips the first ones. */
  log(since = 0): string[] {
    return this.sent.slice(since).map((s) => `${s.event} ${JSON.stringify(s.payload)}`);
  }

  /** Answers the last sent `event` with `reply`. */
  answer(event: string, reply: unknown): void {
    const sent = this.sent.findLast((s) => s.event === event);
    if (!sent?.ack) throw new Error(`no ${event} waiting for an ack`);
    sent.ack(reply);
  }

  asSocket(): SamlaSocket {
    return this as unknown as SamlaSocket;
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }
}

/** For tests: a network that goes away and comes back when told. */
export function fakeNetwork(online = true): Network & { set(online: boolean): void; listening(): number } {
  const listeners = new Set<(online: boolean) => void>();
  let now = online;
  return {
    online: () => now,
    listen(change) {
      listeners.add(change);
      return () => listeners.delete(change);
    },
    set(next) {
      now = next;
      for (const change of [...listeners]) change(next);
    },
    listening: () => listeners.size,
  };
}

/** For tests: the tab socket over one fake socket, opened and connected. */
export async function connectedTab() {
  const socket = new FakeSocket();
  const network = fakeNetwork();
  const tab = createTabSocket(async () => socket.asSocket(), network);
  // The socket opens on first use (in the app, after Socket.IO's chunk has loaded).
  const stop = tab.on('presence:updated', () => {});
  await new Promise((resolve) => setTimeout(resolve, 0));
  stop();
  socket.accept();
  return { tab, socket, network };
}

/** For tests: a successful ack. */
export const okAck = <T>(data: T) => ({ ok: true as const, data });
