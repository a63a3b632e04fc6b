import { ok, presenceJoin, presenceLeave, type PresentUser } from '@samla/shared';
import { enforce } from '../http/errors.js';
import type { Policy } from '../policy/policy.js';
import type { Handle, SamlaServer, SamlaSocket } from '../realtime/io.js';
import { groupRoom, userRoom } from '../realtime/rooms.js';

/**
 * "Who is in this group right now". Built on Socket.IO rooms and fetchSockets(), which
 * span every instance once an adapter (Redis) connects them; nothing is kept per process.
 */
export function registerPresence(io: SamlaServer, policy: Policy, handle: Handle) {
  async function present(groupId: string): Promise<PresentUser[]> {
    const sockets = await io.in(groupRoom(groupId)).fetchSockets();
    const byUser = new Map<string, PresentUser>();
    for (const s of sockets) {
      const u = s.data.user;
      byUser.set(u.id, { userId: u.id, name: u.name, color: u.color });
    }
    return [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  async function announce(groupId: string) {
    io.to(groupRoom(groupId)).emit('presence:updated', { groupId, present: await present(groupId) });
  }

  return (socket: SamlaSocket) => {
    // Role changes reach every socket of a person through this room, on any instance.
    void socket.join(userRoom(socket.data.user.id));
    socket.on(
      'presence:join',
      handle(presenceJoin, async ({ groupId }) => {
        const decision = await policy.inGroup(socket.data.user, 'presence:join', groupId);
        enforce(decision, { not_found: 'no such group', forbidden: 'you are not a member of this group' });
        await socket.join(groupRoom(groupId));
        await announce(groupId);
        return ok({ groupId, present: await present(groupId) });
      }),
    );

    socket.on(
      'presence:leave',
      handle(presenceLeave, async ({ groupId }) => {
        await socket.leave(groupRoom(groupId));
        await announce(groupId);
        return ok(null);
      }),
    );

    socket.on('disconnecting', () => {
      const groups = [...socket.rooms].filter((r) => r.startsWith('group:')).map((r) => r.slice('group:'.length));
      // After 'disconnecting' the socket is still in its rooms; announce once it has left them.
      socket.once('disconnect', () => {
        for (const g of groups) void announce(g);
      });
    });
  };
}
