import { z } from 'zod';
import { calendarFeed, createCalendarFeedRequest } from '../schemas/meetings.js';
import { defineRoute, fileAnswer } from './define.js';
import { anyString } from './ids.js';
import { ICALENDAR } from './meetings.js';

/** A person's secret calendar feeds of a group's sessions (server/src/calendar/). */
export const calendar = {
  feeds: defineRoute({ method: 'GET', path: '/me/calendar-feeds', auth: 'user', response: z.strictObject({ feeds: z.array(calendarFeed) }) }),
  create: defineRoute({
    method: 'POST',
    path: '/me/calendar-feeds',
    auth: 'user',
    body: createCalendarFeedRequest,
    status: 201,
    response: z.strictObject({ feed: calendarFeed, url: z.string() }),
  }),
  /** Someone else's feed, or none, is not found: 404 whatever the id looks like. */
  revoke: defineRoute({ method: 'DELETE', path: '/me/calendar-feeds/:feedId', auth: 'user', params: { feedId: anyString }, response: null }),
  /** Public: the token is the credential; an unknown, revoked or no longer allowed one is 404. */
  feed: defineRoute({ method: 'GET', path: '/calendar/:token.ics', auth: 'public', params: { token: anyString }, response: fileAnswer(ICALENDAR) }),
};
