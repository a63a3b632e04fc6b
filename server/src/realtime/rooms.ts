/**
 * Every Socket.IO room name, in one place. Features join, leave and emit to rooms only through
 * these builders, so that a room one feature fills and another empties (a member who loses a group
 * leaves its presence, members and session rooms) cannot drift apart, and a Redis adapter later
 * sees one naming scheme.
 */

/** A group's present people (`presence:join`). */
export const groupRoom = (groupId: string) => `group:${groupId}`;

/** Every socket of one person, on any instance: role changes, revocations, account deletion. */
export const userRoom = (userId: string) => `user:${userId}`;

/** The sockets opened with one sign-in session (by its stored hash), so that signing out ends them. */
export const sessionRoom = (sessionHash: string) => `session:${sessionHash}`;

/** The sockets that watch a group's members and join requests (`members:watch`). */
export const membersRoom = (groupId: string) => `members:${groupId}`;

/** The prefix of every session room of every group. */
export const MEETING_ROOMS = 'meeting:';

/**
 * The prefix of every session room of a group. Session rooms carry the group so that losing the
 * group can take a person out of all its rooms at once.
 */
export const meetingRoomsOf = (groupId: string) => `${MEETING_ROOMS}${groupId}:`;

/** One session's room: the people in the session room. */
export const meetingRoom = (m: { id: string; groupId: string }) => `${meetingRoomsOf(m.groupId)}${m.id}`;

/** The group of a presence room, or null for any other room. */
export const groupOfRoom = (room: string): string | null => (room.startsWith(groupRoom('')) ? room.slice(groupRoom('').length) : null);

/** The session of a session room, or null for any other room. Group ids have no colon, so the id follows the second. */
export const meetingOfRoom = (room: string): string | null => {
  if (!room.startsWith(MEETING_ROOMS)) return null;
  const at = room.indexOf(':', MEETING_ROOMS.length);
  return at < 0 ? null : room.slice(at + 1);
};
