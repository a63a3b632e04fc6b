import type { MyGroup, PublicUser } from '@samla/shared';

/** Group facilitators schedule their group's sessions; coordinators may too (docs/api.md). */
export const canSchedule = (group: Pick<MyGroup, 'role'>, user: Pick<PublicUser, 'role'>): boolean =>
  group.role === 'facilitator' || user.role === 'coordinator';
