import { useEffect, useRef, useState } from 'react';
import type { ErrorCode, GroupRole, PresentUser } from '@samla/shared';
import { createSocket, UNAUTHENTICATED } from '../../realtime/socket';

export type PresenceStatus =
  | { state: 'connecting' }
  | { state: 'ready'; present: PresentUser[] }
  | { state: 'error'; code: ErrorCode };

/** This person's membership of the group changed while the page is open. */
export interface MembershipEvents {
  /** Removed from the group (or left it elsewhere): the server already closed its documents. */
  onRevoked?: () => void;
  /** Their role changed, or their request to join was approved. */
  onChanged?: (role: GroupRole) => void;
}

/**
 * Who is in this group right now, over Socket.IO; re-joins after every reconnect. The same socket
 * reports changes to this person's own membership of the group.
 */
export function usePresence(groupId: string, events: MembershipEvents = {}): PresenceStatus {
  const [status, setStatus] = useState<PresenceStatus>({ state: 'connecting' });
  const handlers = useRef(events);
  handlers.current = events;

  useEffect(() => {
    const socket = createSocket();
    setStatus({ state: 'connecting' });

    socket.on('connect', () => {
      socket.emit('presence:join', { groupId }, (ack) => {
        if (ack.ok) setStatus({ state: 'ready', present: ack.data.present });
        else setStatus({ state: 'error', code: ack.error.code });
      });
    });
    socket.on('presence:updated', (update) => {
      if (update.groupId === groupId) setStatus({ state: 'ready', present: update.present });
    });
    socket.on('membership:revoked', (payload) => {
      if (payload.groupId === groupId) handlers.current.onRevoked?.();
    });
    socket.on('membership:changed', (payload) => {
      if (payload.groupId === groupId) handlers.current.onChanged?.(payload.role);
    });
    socket.on('disconnect', () => setStatus({ state: 'connecting' }));
    socket.on('connect_error', (err) => {
      // The notes connection explains an ended session and offers to sign in again; here it is a quiet note.
      if (err.message === UNAUTHENTICATED) setStatus({ state: 'error', code: 'unauthenticated' });
      // Anything else is transient; Socket.IO retries with backoff and 'connect' re-joins.
    });
    socket.connect();

    return () => {
      socket.disconnect();
    };
  }, [groupId]);

  return status;
}
