/** Addresses of the sessions screens and REST resources (ids are URL-encoded). */
const e = encodeURIComponent;

export const sessionsPath = (groupId: string): string => `/groups/${e(groupId)}/sessions`;
export const newSessionPath = (groupId: string): string => `${sessionsPath(groupId)}/new`;
export const sessionPath = (groupId: string, meetingId: string): string => `${sessionsPath(groupId)}/${e(meetingId)}`;
export const editSessionPath = (groupId: string, meetingId: string): string => `${sessionPath(groupId, meetingId)}/edit`;

export const meetingsApi = (groupId: string): string => `/api/groups/${e(groupId)}/meetings`;
export const meetingApi = (groupId: string, meetingId: string): string => `${meetingsApi(groupId)}/${e(meetingId)}`;
export const icsUrl = (groupId: string, meetingId: string): string => `${meetingApi(groupId, meetingId)}/calendar.ics`;
export const myMeetingsApi = '/api/me/meetings';
