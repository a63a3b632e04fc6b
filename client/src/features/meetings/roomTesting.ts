import type { MeetingState } from '@samla/shared';
import type { RoomEvents } from './roomSocket';

/** For tests: a session state with only an id and a version. */
export const state = (id: string, version: number) => ({ id, version }) as unknown as MeetingState;

/** For tests: a recording of what the room tells the hook. */
export function roomEvents() {
  const log: string[] = [];
  const on: RoomEvents = {
    joined: (room) => log.push(`joined ${room.state.id}`),
    failed: (code) => log.push(`failed ${code}`),
    state: (s) => log.push(`state ${s.id} v${s.version}`),
    participants: (present) => log.push(`participants ${present.length}`),
    connection: ({ connected, offline }) => log.push(`connection ${connected ? 'up' : 'down'}${offline ? ' offline' : ''}`),
  };
  return { log, on };
}
