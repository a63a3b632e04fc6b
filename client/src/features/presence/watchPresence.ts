import { ErrorCode, type GroupRole, type PresentUser } from '@samla/shared';
import type { TabSocket } from '../../realtime/tabSocket';

export type PresenceStatus =
  | { state: 'connecting' }
  | { state: 'ready'; present: PresentUser[] }
  | { state: 'error'; code: ErrorCode };

export interface PresenceWatch {
  status(status: PresenceStatus): void;
  /** This person was removed from the group (or left it elsewhere). */
  revoked(): void;
  /** This person's role in the group changed, or their request to join was approved. */
  changed(role: GroupRole): void;
}

/**
 * Presence in one group over the tab's socket: joins on every (re)connect, hears who is here and this
 * person's own membership news for the group, and leaves the group's presence (nothing else the tab
 * has joined) when stopped.
 */
export function watchPresence(tab: TabSocket, groupId: string, on: PresenceWatch): () => void {
  const connection = () => {
    const { connected, refused } = tab.status();
    // The notes connection explains an ended session and offers to sign in again; here it is a quiet note.
    if (refused === ErrorCode.unauthenticated) on.status({ state: 'error', code: ErrorCode.unauthenticated });
    // Anything else is transient: Socket.IO retries with backoff, and the join is sent again on connect.
    else if (!connected) on.status({ state: 'connecting' });
  };
  connection();
  const stops = [
    tab.onStatus(connection),
    tab.join(`presence:${groupId}`, {
      enter: (socket) =>
        socket.emit('presence:join', { groupId }, (ack) => {
          on.status(ack.ok ? { state: 'ready', present: ack.data.present } : { state: 'error', code: ack.error.code });
        }),
      leave: (socket) => socket.emit('presence:leave', { groupId }, () => {}),
    }),
    tab.on('presence:updated', (update) => {
      if (update.groupId === groupId) on.status({ state: 'ready', present: update.present });
    }),
    tab.on('membership:revoked', (payload) => {
      if (payload.groupId === groupId) on.revoked();
    }),
    tab.on('membership:changed', (payload) => {
      if (payload.groupId === groupId) on.changed(payload.role);
    }),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}
