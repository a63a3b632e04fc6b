import { useEffect, useRef } from 'react';
import { createSocket } from '../../realtime/socket';

/**
 * Calls `onChanged` whenever the group's members or join requests change elsewhere: someone asks to
 * join, another facilitator approves or changes a role, a member leaves. Also after a reconnect, since
 * changes made while the socket was down were not heard.
 */
export function useMembersWatch(groupId: string, onChanged: () => void): void {
  // The latest callback for the socket handlers, which are registered once per group.
  const latest = useRef(onChanged);
  latest.current = onChanged;

  useEffect(() => {
    const socket = createSocket();
    let connectedBefore = false;
    socket.on('connect', () => {
      void socket.emitWithAck('members:watch', { groupId }).catch(() => {});
      if (connectedBefore) latest.current();
      connectedBefore = true;
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
