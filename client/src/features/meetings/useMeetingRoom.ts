import { ErrorCode, type Ack, type ClientToServerEvents, type MeetingJoined, type MeetingState, type MyVotes, type Participant } from '@samla/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { createSocket, UNAUTHENTICATED, type SamlaSocket } from '../../realtime/socket';
import type { ClientErrorCode } from '../../api';
import { newer } from './room';
import { clockOffset } from './timer';

/** How long a command waits for its ack before it counts as a network failure. */
const ACK_TIMEOUT_MS = 10_000;

export interface Room {
  state: MeetingState;
  present: Participant[];
  me: MeetingJoined['me'];
  /** Server clock minus this device's clock (ms). */
  offset: number;
  /** Own votes in the open round, as the server last told this person. */
  myVotes: MyVotes | null;
  /** The socket is connected (false while it reconnects; the state shown is the last known). */
  connected: boolean;
  /** The browser says the network is gone: nothing is sent until it is back. */
  offline: boolean;
}

export type RoomStatus = { status: 'connecting' } | { status: 'error'; code: ErrorCode } | { status: 'ready'; room: Room };

/** An ack, or `network` when the socket is down or no ack came in time. */
export type CommandResult<T> = { ok: true; data: T } | { ok: false; code: ClientErrorCode };

type Commands = ClientToServerEvents;
type AckData<E extends keyof Commands> = Parameters<Commands[E]>[1] extends (a: Ack<infer T>) => void ? T : never;
/** Distributes over unions, so each timer command keeps its own fields. */
type WithoutRef<T> = T extends unknown ? Omit<T, 'meetingId'> : never;
export type Payload<E extends keyof Commands> = WithoutRef<Parameters<Commands[E]>[0]>;

export type SendCommand = <E extends keyof Commands>(event: E, payload: Payload<E>) => Promise<CommandResult<AckData<E>>>;

/**
 * The live session room over Socket.IO: joins (and re-joins after every reconnect, so a reload or a
 * dropped connection restores the whole state from the join ack), follows `meeting:updated` and
 * `meeting:participants`, and sends commands with their acks. A state that carries a `MeetingState`
 * is applied at once, if it is newer than what is shown.
 */
export function useMeetingRoom(meetingId: string): { status: RoomStatus; send: SendCommand } {
  const [status, setStatus] = useState<RoomStatus>({ status: 'connecting' });
  const socketRef = useRef<SamlaSocket | null>(null);

  const patch = useCallback((fn: (room: Room) => Room) => {
    setStatus((s) => (s.status === 'ready' ? { status: 'ready', room: fn(s.room) } : s));
  }, []);

  const applyState = useCallback(
    (state: MeetingState, serverNow?: number) =>
      patch((room) => {
        if (!newer(room.state, state)) return room;
        return { ...room, state, offset: serverNow === undefined ? room.offset : clockOffset(serverNow, Date.now()) };
      }),
    [patch],
  );

  useEffect(() => {
    const socket = createSocket();
    socketRef.current = socket;
    setStatus({ status: 'connecting' });

    socket.on('connect', () => {
      socket.emit('meeting:join', { meetingId }, (ack) => {
        if (!ack.ok) {
          setStatus({ status: 'error', code: ack.error.code });
          return;
        }
        const { state, present, serverNow, me } = ack.data;
        // A (re)join answers with the whole current state: what changed while away is shown at once.
        setStatus({
          status: 'ready',
          room: { state, present, me, offset: clockOffset(serverNow, Date.now()), myVotes: me.votes, connected: true, offline: false },
        });
      });
    });
    socket.on('meeting:updated', ({ state, serverNow }) => {
      if (state.id === meetingId) applyState(state, serverNow);
    });
    socket.on('meeting:participants', (payload) => {
      if (payload.meetingId === meetingId) patch((room) => ({ ...room, present: payload.present }));
    });
    socket.on('disconnect', () => patch((room) => ({ ...room, connected: false })));
    socket.on('connect_error', (err) => {
      if (err.message === UNAUTHENTICATED) setStatus({ status: 'error', code: 'unauthenticated' });
      // Shown when the reload for a new build did not happen (createSocket tries it once).
      else if (err.message === ErrorCode.clientTooOld) setStatus({ status: 'error', code: ErrorCode.clientTooOld });
      // Anything else is transient: Socket.IO retries, and 'connect' joins again.
    });
    // A socket on a dead network looks open until the heartbeat gives up (up to 45 s), and a command
    // sent meanwhile would wait for an ack that never comes: go offline at once, join again when back.
    const onOffline = () => {
      patch((room) => ({ ...room, connected: false, offline: true }));
      socket.disconnect();
    };
    const onOnline = () => {
      patch((room) => ({ ...room, offline: false }));
      socket.connect();
    };
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    socket.connect();

    return () => {
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      if (socket.connected) socket.emit('meeting:leave', { meetingId }, () => {});
      socket.disconnect();
      socketRef.current = null;
    };
  }, [meetingId, applyState, patch]);

  const send = useCallback<SendCommand>(
    async (event, payload) => {
      const socket = socketRef.current;
      // Refused rather than queued: a decision or vote must not land minutes later, out of its moment.
      if (!socket?.connected || !navigator.onLine) return { ok: false, code: 'network' };
      let ack: Ack<unknown>;
      try {
        // The maps are typed per event; one generic call needs one cast.
        const timed = socket.timeout(ACK_TIMEOUT_MS);
        const emit = timed.emitWithAck as unknown as (e: string, p: unknown) => Promise<Ack<unknown>>;
        ack = await emit.call(timed, event, { ...payload, meetingId });
      } catch {
        return { ok: false, code: 'network' };
      }
      if (!ack.ok) return { ok: false, code: ack.error.code };
      const data = ack.data as object | null;
      if (data && 'version' in data && 'agenda' in data) applyState(data as MeetingState);
      else if (event === 'meeting:vote' && data) patch((room) => ({ ...room, myVotes: data as MyVotes }));
      return { ok: true, data: ack.data as AckData<typeof event> };
    },
    [meetingId, applyState, patch],
  );

  return { status, send };
}
