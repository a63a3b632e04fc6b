/** Addresses of the sessions screens (ids are URL-encoded); the REST routes are shared `routes.meetings`. */
const e = encodeURIComponent;

export const sessionsPath = (groupId: string): string => `/groups/${e(groupId)}/sessions`;
export const newSessionPath = (groupId: string): string => `${sessionsPath(groupId)}/new`;
export const sessionPath = (groupId: string, meetingId: string): string => `${sessionsPath(groupId)}/${e(meetingId)}`;
export const editSessionPath = (groupId: string, meetingId: string): string => `${sessionPath(groupId, meetingId)}/edit`;
