import { routes, type AnyRoute } from '@samla/shared';
import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { TabSocket } from './tabSocket';

/**
 * A route's query key: its definition, then its parameters and query. Invalidating with fewer parts
 * matches every query that starts with them (one group's members, or every group's).
 */
export const routeKey = (def: AnyRoute, params?: object, query?: object): QueryKey =>
  params === undefined && query === undefined ? [def.method, def.path] : [def.method, def.path, params ?? {}, query ?? {}];

/**
 * What the server announces on the tab's socket makes the answers it changes stale: an open screen
 * reads them again, a closed one on its next visit. Heard only while some feature has the socket open
 * (`hear`): a screen that shows these answers listens itself. A group's members and join requests are
 * the members watch's (useMembersWatch), which also reads them again after a reconnect.
 */
export function invalidateOnNews(tab: TabSocket, client: QueryClient): () => void {
  const stale = (...keys: QueryKey[]) => keys.forEach((queryKey) => void client.invalidateQueries({ queryKey }));
  const stops = [
    // This person's role in a group changed or they joined it: their groups, that group and its lists.
    tab.hear('membership:changed', ({ groupId }) =>
      stale(
        routeKey(routes.groups.mine),
        routeKey(routes.groups.myJoinRequests),
        routeKey(routes.groups.get, { groupId }),
        routeKey(routes.groups.members, { groupId }),
      ),
    ),
    // Removed: the home screen's lists. The open group says so itself (and closes) rather than refetch into a 403.
    tab.hear('membership:revoked', () => stale(routeKey(routes.groups.mine), routeKey(routes.groups.myJoinRequests))),
    // An amendment or the approval is a new version of the session.
    tab.hear('meeting:updated', ({ state }) => stale(routeKey(routes.meetings.minutes, { groupId: state.groupId, meetingId: state.id }))),
  ];
  return () => stops.forEach((stop) => stop());
}
