import { z } from 'zod';
import { groupId } from '../schemas/groups.js';
import {
  amendMinutesRequest,
  editMeetingRequest,
  groupArchive,
  meeting,
  meetingId,
  minutes,
  scheduleMeetingRequest,
  setActionDoneRequest,
  trackedActionItem,
  trackedActionsQuery,
  trackedActionsResponse,
} from '../schemas/meetings.js';
import { defineRoute, fileAnswer } from './define.js';
import { MARKDOWN } from './export.js';
import { languageQuery, recordId } from './ids.js';

export const ICALENDAR = 'text/calendar; charset=utf-8';

const ofMeeting = { groupId, meetingId };
const meetingAnswer = z.strictObject({ meeting });
const meetingsAnswer = z.strictObject({ meetings: z.array(meeting) });
const minutesAnswer = z.strictObject({ minutes });

/** Scheduled sessions, their minutes, the group's archive and the action-item tracker (server/src/meetings/). */
export const meetings = {
  schedule: defineRoute({
    method: 'POST',
    path: '/groups/:groupId/meetings',
    auth: 'user',
    params: { groupId },
    body: scheduleMeetingRequest,
    status: 201,
    response: meetingAnswer,
  }),
  /** Scheduled and live ones; `all=true` adds ended and cancelled ones. */
  list: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/meetings',
    auth: 'user',
    params: { groupId },
    query: z.object({ all: z.enum(['true', 'false']).optional() }),
    response: meetingsAnswer,
  }),
  mine: defineRoute({ method: 'GET', path: '/me/meetings', auth: 'user', response: meetingsAnswer }),
  get: defineRoute({ method: 'GET', path: '/groups/:groupId/meetings/:meetingId', auth: 'user', params: ofMeeting, response: meetingAnswer }),
  ics: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/meetings/:meetingId/calendar.ics',
    auth: 'user',
    params: ofMeeting,
    response: fileAnswer(ICALENDAR),
  }),
  edit: defineRoute({
    method: 'PATCH',
    path: '/groups/:groupId/meetings/:meetingId',
    auth: 'user',
    params: ofMeeting,
    body: editMeetingRequest,
    response: meetingAnswer,
  }),
  cancel: defineRoute({ method: 'POST', path: '/groups/:groupId/meetings/:meetingId/cancel', auth: 'user', params: ofMeeting, response: meetingAnswer }),
  minutes: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/meetings/:meetingId/minutes',
    auth: 'user',
    params: ofMeeting,
    query: languageQuery,
    /** `can`: the reader may amend them (they attended and take part, until the amendment period ends) and approve them (until approved). */
    response: z.strictObject({ minutes, markdown: z.string(), can: z.strictObject({ amend: z.boolean(), approve: z.boolean() }) }),
  }),
  amend: defineRoute({
    method: 'POST',
    path: '/groups/:groupId/meetings/:meetingId/minutes/amendments',
    auth: 'user',
    params: ofMeeting,
    body: amendMinutesRequest,
    status: 201,
    response: minutesAnswer,
  }),
  approveMinutes: defineRoute({
    method: 'POST',
    path: '/groups/:groupId/meetings/:meetingId/minutes/approve',
    auth: 'user',
    params: ofMeeting,
    response: minutesAnswer,
  }),
  minutesMarkdown: defineRoute({
    method: 'GET',
    path: '/groups/:groupId/meetings/:meetingId/minutes.md',
    auth: 'user',
    params: ofMeeting,
    query: languageQuery,
    response: fileAnswer(MARKDOWN),
  }),
  archive: defineRoute({ method: 'GET', path: '/groups/:groupId/archive', auth: 'user', params: { groupId }, response: groupArchive }),
  myActions: defineRoute({ method: 'GET', path: '/me/actions', auth: 'user', query: trackedActionsQuery, response: trackedActionsResponse }),
  setActionDone: defineRoute({
    method: 'PUT',
    path: '/groups/:groupId/meetings/:meetingId/actions/:actionId',
    auth: 'user',
    params: { ...ofMeeting, actionId: recordId },
    body: setActionDoneRequest,
    response: z.strictObject({ action: trackedActionItem }),
  }),
};
