import { z } from 'zod';

export const groupId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'invalid group id');

export const groupRole = z.enum(['facilitator', 'member', 'observer']);
export type GroupRole = z.infer<typeof groupRole>;

export const group = z.strictObject({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  createdAt: z.iso.datetime(),
  /** Set when a coordinator archived the group: it is kept for reading and takes no new members. */
  archivedAt: z.iso.datetime().nullable(),
});
export type Group = z.infer<typeof group>;

/** `GET /api/working-groups`: the network's groups, for the application form and for asking to join. */
export const workingGroup = z.strictObject({ ...group.shape, memberCount: z.number().int() });
export type WorkingGroup = z.infer<typeof workingGroup>;

/** What the person reading a group may do in it, decided by the server's policy: the UI's controls follow it. */
export const groupCan = z.strictObject({
  /** Edit notes, pages and boards. */
  writeDocs: z.boolean(),
  /** Schedule, edit and cancel sessions. */
  scheduleMeetings: z.boolean(),
  /** Approve join requests, change roles, remove members. */
  manageMembers: z.boolean(),
  /** Take over any session of the group and approve its minutes (a session's own facilitator may too). */
  leadMeetings: z.boolean(),
});
export type GroupCan = z.infer<typeof groupCan>;

export const myGroup = z.strictObject({ ...group.shape, role: groupRole, can: groupCan });
export type MyGroup = z.infer<typeof myGroup>;
