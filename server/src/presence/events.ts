import { ok, presenceJoin, presenceLeave, type PresentUser } from '@samla/shared';
import { enforce } from '../http/errors.js';
import type { Policy } from '../policy/policy.js';
import type { Handle, SamlaServer, SamlaSocket } from '../realtime/io.js';
import { groupOfRoom, groupRoom, userRoom } from '../realtime/rooms.js';
import type { Roster } from '../realtime/roster.js';

/**
 * "Who is in this group right now": the people in the group's room on every instance, from the roster.
 * Each instance tells its own sockets in the room whenever that changes (a join, a leave, a closed tab,
 * a removal, another instance gone), so every instance shows the same list.
 */
export function registerPresence(io: SamlaServer, policy: Policy, handle: Handle, roster: Roster) {
  const present = (groupId: string): PresentUser[] =>
    roster
      .people(groupRoom(groupId))
      .map((p) => ({ userId: p.id, name: p.name, color: p.color }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));

  roster.onChange((room) => {
    const groupId = groupOfRoom(room);
    if (groupId !== null) io.local.to(room).emit('presence:updated', { groupId, present: present(groupId) });
  });

  return (socket: SamlaSocket) => {
    // Role changes reach every socket of a person through this room, on any instance.
    void socket.join(userRoom(socket.data.user.id));
    socket.on(
      'presence:join',
      handle(presenceJoin, async ({ groupId }) => {
        const decision = await policy.inGroup(socket.data.user, 'presence:join', groupId);
        enforce(decision, { not_found: 'no such group', forbidden: 'you are not a member of this group' });
        await socket.join(groupRoom(groupId));
        return ok({ groupId, present: present(groupId) });
      }),
    );

    socket.on(
      'presence:leave',
      handle(presenceLeave, async ({ groupId }) => {
        await socket.leave(groupRoom(groupId));
        return ok(null);
      }),
    );
  };
}
