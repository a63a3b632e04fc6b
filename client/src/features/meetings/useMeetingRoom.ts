import type { Ack, ClientToServerEvents, ErrorCode, MeetingJoined, MeetingState, MyVotes, Participant } from '@samla/shared';
import { useCallback, useEffect, useState } from 'react';
import { useSocket } from '../../realtime/RealtimeProvider';
import type { ClientErrorCode } from '../../api';
import { followMeetingRoom } from './roomSocket';
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
 * The live session room over the tab's socket: joins (and re-joins after every reconnect, so a reload
 * or a dropped connection restores the whole state from the join ack), follows `meeting:updated` and
 * `meeting:participants`, sends commands with their acks, and leaves the room on unmount. A state that
 * carries a `MeetingState` is applied at once, if it is newer than what is shown. The tab socket goes
 * offline at once on the browser's `offline` event and connects again on `online`.
 */
export function useMeetingRoom(meetingId: string): { status: RoomStatus; send: SendCommand } {
  const tab = useSocket();
  const [status, setStatus] = useState<RoomStatus>({ status: 'connecting' });

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
    if (!tab) return;
    setStatus({ status: 'connecting' });
    return followMeetingRoom(tab, meetingId, {
      joined: ({ state, present, serverNow, me }) =>
        setStatus({
          status: 'ready',
          room: { state, present, me, offset: clockOffset(serverNow, Date.now()), myVotes: me.votes, connected: true, offline: false },
        }),
      failed: (code) => setStatus({ status: 'error', code }),
      state: applyState,
      participants: (present) => patch((room) => ({ ...room, present })),
      // Connected again counts once the join's ack is in (`joined`); until then the state shown is the last known.
      connection: ({ connected, offline }) => patch((room) => ({ ...room, connected: room.connected && connected, offline })),
    });
  }, [tab, meetingId, applyState, patch]);

  const send = useCallback<SendCommand>(
    async (event, payload) => {
      const socket = tab?.connected();
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
    [tab, meetingId, applyState, patch],
  );

  return { status, send };
}
