import { applications } from './applications.js';
import { audit } from './audit.js';
import { auth } from './auth.js';
import { calendar } from './calendar.js';
import type { AnyRoute } from './define.js';
import { directory } from './directory.js';
import { exports } from './export.js';
import { groups } from './groups.js';
import { history } from './history.js';
import { invitations } from './invitations.js';
import { meetings } from './meetings.js';
import { members } from './members.js';
import { organisations } from './organisations.js';
import { search } from './search.js';

export * from './define.js';
export { accountExport, type AccountExport } from './members.js';
export { importQuery, invitationId } from './organisations.js';
export { anyString, languageQuery, linkToken, recordId } from './ids.js';

/** Every HTTP route under /api, by feature: `routes.groups.get` is `GET /api/groups/:groupId`. */
export const routes = {
  auth,
  groups,
  applications,
  invitations,
  directory,
  members,
  audit,
  organisations,
  history,
  search,
  exports,
  meetings,
  calendar,
};

/** All definitions, each once, as `[feature.name, definition]` (for the checks that walk them). */
export const allRoutes: readonly (readonly [string, AnyRoute])[] = Object.entries(routes).flatMap(([feature, defs]) =>
  Object.entries(defs as Record<string, AnyRoute>).map(([name, def]) => [`${feature}.${name}`, def] as const),
);
