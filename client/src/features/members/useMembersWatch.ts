import { useEffect, useRef } from 'react';
import { createSocket } from '../../realtime/socket';

/**
 * Calls `onChanged` whenever the group's members or join requests change elsewhere: someone asks to
 * join, another facilitator approves or changes a role, a member leaves. Also each time the watch
 * starts (on connect and reconnect): a change made between the page's first read and that moment, or
 * while the socket was down, was not heard.
 */
export function useMembersWatch(groupId: string, onChanged: () => void): void {
  // The latest callback for the socket handlers, which are registered once per group.
  const latest = useRef(onChanged);
  latest.current = onChanged;

  useEffect(() => {
    const socket = createSocket();
    socket.on('connect', () => {
      socket.emit('members:watch', { groupId }, () => {
        // Read again either way: once watching, for a change made before; when refused (the person lost
        // the right meanwhile), so that the page shows what the server says now.
        latest.current();
      });
    });
    socket.on('members:changed', (payload) => {
      if (payload.groupId === groupId) latest.current();
    });
    socket.connect();
    return () => {
      socket.disconnect();
    };
  }, [groupId]);
}
