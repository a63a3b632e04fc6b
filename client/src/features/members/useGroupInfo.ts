import { routes, type Group, type GroupRole } from '@samla/shared';
import { ApiError, call, toApiError } from '../../api';
import { useResource, type LoadedResource } from '../../hooks/useApi';
import { useUser } from '../auth/AuthContext';

export interface GroupInfo {
  group: Group;
  /** This person's role in the group; null for a coordinator who is not in it. */
  myRole: GroupRole | null;
}

/**
 * The group for its members page. Members get it with their role; a coordinator who is not in the
 * group (and may still manage it) gets it from the list of all working groups.
 */
export function useGroupInfo(groupId: string): LoadedResource<GroupInfo> {
  const user = useUser();
  return useResource(`${groupId}|${user.can.administer}`, async (signal) => {
    try {
      const { group } = await call(routes.groups.get, { params: { groupId }, signal });
      const { role, ...rest } = group;
      return { group: rest, myRole: role };
    } catch (err) {
      if (!user.can.administer || toApiError(err).code !== 'forbidden') throw err;
      const { groups } = await call(routes.groups.working, { query: { archived: 'true' }, signal });
      const found = groups.find((g) => g.id === groupId);
      if (!found) throw new ApiError(404, 'not_found', 'no such group');
      const { memberCount: _count, ...group } = found;
      return { group, myRole: null };
    }
  });
}
