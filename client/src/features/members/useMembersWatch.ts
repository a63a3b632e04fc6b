import { useEffect, useRef } from 'react';
import { useSocket } from '../../realtime/RealtimeProvider';
import { watchMembers } from './watchMembers';

/**
 * Calls `onChanged` whenever the group's members or join requests change elsewhere: someone asks to
 * join, another facilitator approves or changes a role, a member leaves. Also each time the watch
 * starts (on connect and reconnect): a change made between the page's first read and that moment, or
 * while the socket was down, was not heard. Over the tab's socket; unwatches on unmount.
 */
export function useMembersWatch(groupId: string, onChanged: () => void): void {
  const tab = useSocket();
  // The latest callback for the socket handlers, which are registered once per group.
  const latest = useRef(onChanged);
  latest.current = onChanged;

  useEffect(() => {
    if (!tab) return;
    return watchMembers(tab, groupId, () => latest.current());
  }, [tab, groupId]);
}
