import { randomUUID } from 'node:crypto';
import type { RoomPerson } from '@samla/shared';
import type { Logger } from 'pino';
import { localSockets, type SamlaServer } from './io.js';

/**
 * Who is in which room across the cluster, kept in memory so that a join, leave or disconnect costs no
 * round trip to every instance (fetchSockets). Each instance knows its own sockets per room (the
 * adapter's map), tells the others its people per room when they change, and repeats all of them as a
 * heartbeat. What another instance said is forgotten when it says goodbye (graceful shutdown), or three
 * of its heartbeats after it was last heard (killed, or cut off from Redis): with the default 10 s a
 * killed instance's people vanish everywhere within 31 s (30 s plus the 1 s sweep).
 */
export interface Roster {
  /** Everyone in `room` on any instance, each person once, ordered by id. */
  people(room: string): RoomPerson[];
  /** `fn(room)` runs on this instance whenever the people in a tracked room changed, here or elsewhere. */
  onChange(fn: (room: string) => void): void;
  /** This instance's sockets in these rooms carry new user data (a rename): whoever sees them hears it. */
  refresh(rooms: Iterable<string>): void;
  /** The other instances forget this one's people now; nothing is sent or reported afterwards. */
  close(): void;
}

export interface RosterOptions {
  /** The rooms whose people are tracked, by the prefix of their name. */
  prefixes: string[];
  /** Cluster mode: other instances hear this one over the adapter. Without it the roster is this instance's sockets. */
  clustered: boolean;
  /** How often this instance repeats its rooms to the others. */
  heartbeatMs: number;
  log: Logger;
}

interface Other {
  heardAt: number;
  everyMs: number;
  rooms: Map<string, RoomPerson[]>;
}

const byId = (a: RoomPerson, b: RoomPerson) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const key = (people: RoomPerson[]) => JSON.stringify(people);

export function createRoster(io: SamlaServer, opts: RosterOptions): Roster {
  const { clustered, heartbeatMs, log } = opts;
  const instance = randomUUID();
  const tracked = (room: string) => opts.prefixes.some((p) => room.startsWith(p));
  /** What this instance last told the others, per room with anyone in it here. */
  const mine = new Map<string, RoomPerson[]>();
  const others = new Map<string, Other>();
  /** Each room's people as last reported, so that only a change is reported. */
  const reported = new Map<string, string>();
  const listeners: ((room: string) => void)[] = [];
  const dirty = new Set<string>();
  let flushing = false;
  let closed = false;

  const here = (room: string): RoomPerson[] => {
    const people = new Map<string, RoomPerson>();
    for (const { data } of localSockets(io, room)) {
      const u = data.user;
      people.set(u.id, { id: u.id, name: u.name, color: u.color, organisationId: u.organisationId ?? null });
    }
    return [...people.values()].sort(byId);
  };

  const people = (room: string): RoomPerson[] => {
    const all = new Map(here(room).map((p) => [p.id, p]));
    for (const other of others.values()) for (const p of other.rooms.get(room) ?? []) if (!all.has(p.id)) all.set(p.id, p);
    return [...all.values()].sort(byId);
  };

  function report(room: string) {
    const now = key(people(room));
    if ((reported.get(room) ?? '[]') === now) return;
    if (now === '[]') reported.delete(room);
    else reported.set(room, now);
    for (const fn of listeners) {
      try {
        fn(room);
      } catch (err) {
        log.error({ err, room }, 'could not tell a room who is in it');
      }
    }
  }

  const send = (rooms: Record<string, RoomPerson[]>, complete: boolean) => {
    if (clustered && !closed) io.serverSideEmit('roster:state', { instance, everyMs: heartbeatMs, complete, rooms });
  };

  /** Once per event-loop turn: a disconnect leaves all its rooms at once, and they go out as one message. */
  function flush() {
    flushing = false;
    if (closed) return;
    const changed: Record<string, RoomPerson[]> = {};
    let any = false;
    for (const room of dirty) {
      const now = here(room);
      if (key(now) !== key(mine.get(room) ?? [])) {
        if (now.length > 0) mine.set(room, now);
        else mine.delete(room);
        changed[room] = now;
        any = true;
      }
      report(room);
    }
    dirty.clear();
    if (any) send(changed, false);
  }

  const touch = (room: string) => {
    if (!tracked(room)) return;
    dirty.add(room);
    if (flushing) return;
    flushing = true;
    setImmediate(flush);
  };

  function forget(id: string) {
    const other = others.get(id);
    if (!other) return;
    others.delete(id);
    for (const room of other.rooms.keys()) report(room);
  }

  // Every way a socket enters or leaves a room passes here: its own join and leave, a disconnect, and
  // socketsJoin/socketsLeave/disconnectSockets sent by another instance through the adapter.
  const adapter = io.sockets.adapter;
  adapter.on('join-room', touch);
  adapter.on('leave-room', touch);

  const timers: NodeJS.Timeout[] = [];
  if (clustered) {
    io.on('roster:state', (state) => {
      if (closed || state.instance === instance) return;
      let other = others.get(state.instance);
      if (!other) others.set(state.instance, (other = { heardAt: 0, everyMs: state.everyMs, rooms: new Map() }));
      other.heardAt = Date.now();
      other.everyMs = state.everyMs;
      const affected = new Set(Object.keys(state.rooms));
      if (state.complete) {
        for (const room of other.rooms.keys()) affected.add(room);
        other.rooms.clear();
      }
      for (const [room, list] of Object.entries(state.rooms)) {
        if (list.length > 0) other.rooms.set(room, list);
        else other.rooms.delete(room);
      }
      for (const room of affected) report(room);
    });
    io.on('roster:hello', () => send(Object.fromEntries(mine), true));
    io.on('roster:bye', ({ instance: id }) => forget(id));

    const heartbeat = setInterval(() => send(Object.fromEntries(mine), true), heartbeatMs);
    // Each sender's own interval counts, so instances configured differently do not flap each other's people.
    const sweep = setInterval(() => {
      const now = Date.now();
      for (const [id, other] of others) {
        if (now - other.heardAt <= 3 * other.everyMs) continue;
        log.warn({ instance: id, silentMs: now - other.heardAt }, 'another instance went silent: its people are no longer shown present');
        forget(id);
      }
    }, Math.min(heartbeatMs, 1_000));
    for (const t of [heartbeat, sweep]) {
      t.unref();
      timers.push(t);
    }
    io.serverSideEmit('roster:hello', { instance });
  }

  return {
    people,
    onChange: (fn) => void listeners.push(fn),
    refresh: (rooms) => {
      for (const room of rooms) touch(room);
    },
    close() {
      if (closed) return;
      if (clustered) io.serverSideEmit('roster:bye', { instance });
      closed = true;
      for (const t of timers) clearInterval(t);
      adapter.off('join-room', touch);
      adapter.off('leave-room', touch);
    },
  };
}
