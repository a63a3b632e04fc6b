import { z } from 'zod';

export const groupId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'invalid group id');

export const groupRole = z.enum(['facilitator', 'member', 'observer']);
export type GroupRole = z.infer<typeof groupRole>;

export interface Group {
  id: string;
  name: string;
  description: string;
  createdAt: string;
  /** Set when a coordinator archived the group: it is kept for reading and takes no new members. */
  archivedAt: string | null;
}

/** `GET /api/working-groups`: the network's groups, for the application form and for asking to join. */
export interface WorkingGroup extends Group {
  memberCount: number;
}

export interface MyGroup extends Group {
  role: GroupRole;
}
