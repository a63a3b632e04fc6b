import { membersUnwatch, membersWatch, ok } from '@samla/shared';
import { enforce } from '../http/errors.js';
import type { Policy } from '../policy/policy.js';
import type { Handle, SamlaSocket } from '../realtime/io.js';
import { membersRoom } from '../realtime/rooms.js';

/**
 * `members:watch`: a socket that may see a group's members joins the group's members room and hears
 * `members:changed` whenever someone asks to join, is approved or rejected, changes role, leaves or is
 * removed (the members service emits it). The event names only the group; the page reads the lists
 * again over REST, with the rights the person has then. `members:unwatch` leaves that room and nothing
 * else: the tab's one socket stays in its presence and session rooms.
 */
export function registerMembersWatch(policy: Policy, handle: Handle) {
  return (socket: SamlaSocket) => {
    socket.on(
      'members:watch',
      handle(membersWatch, async ({ groupId }) => {
        const decision = await policy.inGroup(socket.data.user, 'members:read', groupId);
        enforce(decision, { not_found: 'no such group', forbidden: 'you may not see this group’s members' });
        await socket.join(membersRoom(groupId));
        return ok(null);
      }),
    );

    socket.on(
      'members:unwatch',
      handle(membersUnwatch, async ({ groupId }) => {
        // No right is needed to stop listening.
        await socket.leave(membersRoom(groupId));
        return ok(null);
      }),
    );
  };
}
