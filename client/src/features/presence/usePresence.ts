import { useEffect, useRef, useState } from 'react';
import type { GroupRole } from '@samla/shared';
import { useSocket } from '../../realtime/RealtimeProvider';
import { watchPresence, type PresenceStatus } from './watchPresence';

export type { PresenceStatus } from './watchPresence';

/** This person's membership of the group changed while the page is open. */
export interface MembershipEvents {
  /** Removed from the group (or left it elsewhere): the server already closed its documents. */
  onRevoked?: () => void;
  /** Their role changed, or their request to join was approved. */
  onChanged?: (role: GroupRole) => void;
}

/**
 * Who is in this group right now, over the tab's socket; re-joins after every reconnect and leaves the
 * group's presence on unmount. The same socket reports changes to this person's own membership of the group.
 */
export function usePresence(groupId: string, events: MembershipEvents = {}): PresenceStatus {
  const tab = useSocket();
  const [status, setStatus] = useState<PresenceStatus>({ state: 'connecting' });
  const handlers = useRef(events);
  handlers.current = events;

  useEffect(() => {
    if (!tab) return;
    setStatus({ state: 'connecting' });
    return watchPresence(tab, groupId, {
      status: setStatus,
      revoked: () => handlers.current.onRevoked?.(),
      changed: (role) => handlers.current.onChanged?.(role),
    });
  }, [tab, groupId]);

  return status;
}
