import { z } from 'zod';
import { groupId } from './groups.js';

export const presenceJoin = z.object({ groupId }).strict();
export type PresenceJoin = z.infer<typeof presenceJoin>;

export const presenceLeave = presenceJoin;
export type PresenceLeave = PresenceJoin;

/** `members:watch`: be told when a group's members or join requests change. */
export const membersWatch = presenceJoin;
export type MembersWatch = PresenceJoin;

/** `members:unwatch`: stop hearing about a group's members (the page closed; the tab's socket stays). */
export const membersUnwatch = membersWatch;
export type MembersUnwatch = MembersWatch;

export interface PresentUser {
  userId: string;
  name: string;
  color: string;
}

export interface PresenceState {
  groupId: string;
  present: PresentUser[];
}
