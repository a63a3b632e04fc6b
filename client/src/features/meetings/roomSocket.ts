import type { ErrorCode, MeetingJoined, MeetingState, Participant } from '@samla/shared';
import type { SocketStatus, TabSocket } from '../../realtime/tabSocket';

export interface RoomEvents {
  /** The (re)join's ack: the whole current state, so what changed while away is shown at once. */
  joined(room: MeetingJoined): void;
  /** The join was refused, or the server refused the tab's connection in a way the person must be told. */
  failed(code: ErrorCode): void;
  /** The room's state after a change, with the server's clock (epoch ms). */
  state(state: MeetingState, serverNow: number): void;
  /** Who is in the room now. */
  participants(present: Participant[]): void;
  /** The tab socket's connection changed (dropped, offline, back). */
  connection(status: SocketStatus): void;
}

/**
 * One session room over the tab's socket: joins on every (re)connect, hears the room's state and
 * participants, and leaves the room (nothing else the tab has joined) when stopped.
 */
export function followMeetingRoom(tab: TabSocket, meetingId: string, on: RoomEvents): () => void {
  const connection = () => {
    const status = tab.status();
    // Shown when the reload for a new build did not happen (createSocket tries it once), or the session ended.
    if (status.refused) on.failed(status.refused);
    // Anything else is transient: Socket.IO retries, and the join is sent again on connect.
    else on.connection(status);
  };
  connection();
  const stops = [
    tab.onStatus(connection),
    tab.join(`meeting:${meetingId}`, {
      enter: (socket) =>
        socket.emit('meeting:join', { meetingId }, (ack) => {
          if (ack.ok) on.joined(ack.data);
          else on.failed(ack.error.code);
        }),
      leave: (socket) => socket.emit('meeting:leave', { meetingId }, () => {}),
    }),
    tab.on('meeting:updated', ({ state, serverNow }) => {
      if (state.id === meetingId) on.state(state, serverNow);
    }),
    tab.on('meeting:participants', (payload) => {
      if (payload.meetingId === meetingId) on.participants(payload.present);
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
