/** Addresses of the archive, tracker and calendar-feed screens and REST resources (ids are URL-encoded). */
const e = encodeURIComponent;

export const archivePath = (groupId: string): string => `/groups/${e(groupId)}/archive`;
export const actionsPath = '/actions';

export const archiveApi = (groupId: string): string => `/api/groups/${e(groupId)}/archive`;
export const versionsApi = (groupId: string): string => `/api/groups/${e(groupId)}/versions`;
export const actionApi = (groupId: string, meetingId: string, actionId: string): string =>
  `/api/groups/${e(groupId)}/meetings/${e(meetingId)}/actions/${e(actionId)}`;
export const myActionsApi = '/api/me/actions';
export const calendarFeedsApi = '/api/me/calendar-feeds';

/** The session page showing one frozen version (what search links to as well). */
export const snapshotSearch = (snapshotId: string): string => `?snapshot=${e(snapshotId)}`;
