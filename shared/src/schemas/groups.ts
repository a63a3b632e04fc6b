import { z } from 'zod';

export const groupId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'invalid group id');

export const groupRole = z.enum(['facilitator', 'member', 'observer']);
export type GroupRole = z.infer<typeof groupRole>;

export interface Group {
  id: string;
  name: string;
  description: string;
  createdAt: string;
}

export interface MyGroup extends Group {
  role: GroupRole;
}
