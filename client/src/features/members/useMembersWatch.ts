import { routes } from '@samla/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { routeKey } from '../../realtime/invalidation';
import { useSocket } from '../../realtime/RealtimeProvider';
import { watchMembers } from './watchMembers';

/**
 * Marks the group's member list and join requests stale (the query cache reads the open ones again) and calls `onChanged` whenever the group's members or join requests change elsewhere: someone asks to
 * join, another facilitator approves or changes a role, a member leaves. Also each time the watch
 * starts (on connect and reconnect): a change made between the page's first read and that moment, or
 * while the socket was down, was not heard. Over the tab's socket; unwatches on unmount.
 */
export function useMembersWatch(groupId: string, onChanged: () => void): void {
  const tab = useSocket();
  const client = useQueryClient();
  // The latest callback for the socket handlers, which are registered once per group.
  const latest = useRef(onChanged);
  latest.current = onChanged;

  useEffect(() => {
    if (!tab) return;
    return watchMembers(tab, groupId, () => {
      for (const def of [routes.groups.members, routes.groups.joinRequests]) void client.invalidateQueries({ queryKey: routeKey(def, { groupId }) });
      latest.current();
    });
  }, [tab, groupId, client]);
}
