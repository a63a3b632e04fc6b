import type { GroupRole } from '@samla/shared';
import type { Store, UserRecord } from '../storage/store.js';

/**
 * The one place that answers "may this person do this to this resource".
 * REST routes, Socket.IO handlers and the Yjs upgrade all ask here; no check is written inline.
 */
export type Action = 'group:read' | 'doc:read' | 'doc:write' | 'presence:join';

export type Decision = { allowed: true; role: GroupRole } | { allowed: false; reason: 'not_found' | 'forbidden' };

const rights: Record<GroupRole, ReadonlySet<Action>> = {
  facilitator: new Set(['group:read', 'doc:read', 'doc:write', 'presence:join']),
  member: new Set(['group:read', 'doc:read', 'doc:write', 'presence:join']),
  observer: new Set(['group:read', 'doc:read', 'presence:join']),
};

export const roleAllows = (role: GroupRole, action: Action): boolean => rights[role].has(action);

export type Policy = ReturnType<typeof createPolicy>;

export function createPolicy(store: Store) {
  return {
    /**
     * Group-scoped actions. A coordinator administers the network but reads a group's
     * content only as a member of it, so membership is checked for everyone.
     */
    async inGroup(user: Pick<UserRecord, 'id'>, action: Action, groupId: string): Promise<Decision> {
      const [group, membership] = await Promise.all([
        store.groups.findById(groupId),
        store.memberships.find(groupId, user.id),
      ]);
      // Group names are public (the member directory lists them), so telling "no such group" apart is safe.
      if (!group || !membership) return { allowed: false, reason: group ? 'forbidden' : 'not_found' };
      return roleAllows(membership.role, action)
        ? { allowed: true, role: membership.role }
        : { allowed: false, reason: 'forbidden' };
    },
  };
}
