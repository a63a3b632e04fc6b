import { useEffect, useState } from 'react';
import type { ErrorCode, PresentUser } from '@samla/shared';
import { createSocket, UNAUTHENTICATED } from '../../realtime/socket';

export type PresenceStatus =
  | { state: 'connecting' }
  | { state: 'ready'; present: PresentUser[] }
  | { state: 'error'; code: ErrorCode };

/** Who is in this group right now, over Socket.IO; re-joins after every reconnect. */
export function usePresence(groupId: string): PresenceStatus {
  const [status, setStatus] = useState<PresenceStatus>({ state: 'connecting' });

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
