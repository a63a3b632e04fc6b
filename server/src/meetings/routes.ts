import { Router, type Request } from 'express';
import {
  amendMinutesRequest,
  AppError,
  editMeetingRequest,
  ErrorCode,
  groupId as groupIdSchema,
  meetingId as meetingIdSchema,
  scheduleMeetingRequest,
  type MeetingStatus,
} from '@samla/shared';
import { enforce, parseBody, type LinkOrigin } from '../http/errors.js';
import { requireUser } from '../http/session.js';
import { newId } from '../lib/ids.js';
import type { Action, MeetingAction, Policy } from '../policy/policy.js';
import type { MeetingRecord, Store } from '../storage/store.js';
import { meetingToIcs } from './ics.js';
import { requestedLanguage } from './markdown.js';
import { meetingLink } from './searchEntries.js';
import type { Meetings } from './service.js';

export function meetingRoutes(deps: {
  store: Store;
  policy: Policy;
  meetings: Meetings;
  now: () => Date;
  linkOrigin: LinkOrigin;
  /** Tells the session's room its new state, so open minutes follow amendments and approval live. */
  broadcast: (m: MeetingRecord) => Promise<void>;
}): Router {
  const { store, policy, meetings, now } = deps;
  const r = Router();

  async function inGroup(req: Request, action: Action) {
    const user = requireUser(req);
    const groupId = parseBody(groupIdSchema, req.params.groupId);
    enforce(await policy.inGroup(user, action, groupId));
    return { user, groupId };
  }

  /** The session in the URL, which must belong to the group in the URL, after the group-level check. */
  async function meeting(req: Request, action: Action): Promise<MeetingRecord> {
    const { groupId } = await inGroup(req, action);
    const id = parseBody(meetingIdSchema, req.params.meetingId);
    const m = await store.meetings.get(id);
    if (!m || m.groupId !== groupId) throw new AppError(ErrorCode.notFound, 'no such session in this group');
    return m;
  }

  async function onMeeting(req: Request, action: MeetingAction): Promise<MeetingRecord> {
    const m = await meeting(req, 'meetings:read');
    enforce(await policy.onMeeting(requireUser(req), action, m));
    return m;
  }

  const upcoming: MeetingStatus[] = ['scheduled', 'live'];

  r.post('/groups/:groupId/meetings', async (req, res) => {
    const { user, groupId } = await inGroup(req, 'meetings:schedule');
    const body = parseBody(scheduleMeetingRequest, req.body);
    const m = await meetings.schedule(groupId, user.id, body);
    res.status(201).json({ meeting: await meetings.toMeeting(m) });
  });

  r.get('/groups/:groupId/meetings', async (req, res) => {
    const { groupId } = await inGroup(req, 'meetings:read');
    const statuses: MeetingStatus[] = req.query.all === 'true' ? [...upcoming, 'ended', 'cancelled'] : upcoming;
    const list = await store.meetings.list([groupId], statuses);
    res.json({ meetings: await Promise.all(list.map(meetings.toMeeting)) });
  });

  r.get('/me/meetings', async (req, res) => {
    const user = requireUser(req);
    const groupIds: string[] = [];
    for (const m of await store.memberships.listForUser(user.id)) {
      if ((await policy.inGroup(user, 'meetings:read', m.groupId)).allowed) groupIds.push(m.groupId);
    }
    const list = await store.meetings.list(groupIds, upcoming);
    res.json({ meetings: await Promise.all(list.map(meetings.toMeeting)) });
  });

  r.get('/groups/:groupId/meetings/:meetingId', async (req, res) => {
    res.json({ meeting: await meetings.toMeeting(await meeting(req, 'meetings:read')) });
  });

  r.get('/groups/:groupId/meetings/:meetingId/calendar.ics', async (req, res) => {
    const m = await meetings.toMeeting(await meeting(req, 'meetings:read'));
    const url = `${deps.linkOrigin(req)}${meetingLink(m)}`;
    res
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="samla-${m.id}.ics"`)
      .send(meetingToIcs(m, { stamp: now(), url }));
  });

  r.patch('/groups/:groupId/meetings/:meetingId', async (req, res) => {
    const m = await meeting(req, 'meetings:schedule');
    const body = parseBody(editMeetingRequest, req.body);
    res.json({ meeting: await meetings.toMeeting(await meetings.edit(m.id, body)) });
  });

  r.post('/groups/:groupId/meetings/:meetingId/cancel', async (req, res) => {
    const m = await meeting(req, 'meetings:schedule');
    res.json({ meeting: await meetings.toMeeting(await meetings.cancel(m.id)) });
  });

  r.get('/groups/:groupId/meetings/:meetingId/minutes', async (req, res) => {
    const minutes = await meetings.toMinutes(await meeting(req, 'meeting:attend'));
    res.json({ minutes, markdown: meetings.minutesMarkdown(minutes, requestedLanguage(req)) });
  });

  r.post('/groups/:groupId/meetings/:meetingId/minutes/amendments', async (req, res) => {
    const user = requireUser(req);
    const m = await onMeeting(req, 'minutes:amend');
    const { text } = parseBody(amendMinutesRequest, req.body);
    const next = await meetings.change(m.id, (cur, t) => {
      const minutes = cur.minutes;
      if (!minutes) throw new AppError(ErrorCode.notFound, 'the session has no minutes yet');
      if (minutes.approvedAt !== null || t > minutes.amendableUntil) throw new AppError(ErrorCode.minutesClosed, 'the minutes are closed');
      const amendment = { id: newId(), authorId: user.id, authorName: user.name, text, createdAt: t };
      return { ...cur, minutes: { ...minutes, amendments: [...minutes.amendments, amendment] } };
    });
    await deps.broadcast(next);
    res.status(201).json({ minutes: await meetings.toMinutes(next) });
  });

  r.post('/groups/:groupId/meetings/:meetingId/minutes/approve', async (req, res) => {
    const user = requireUser(req);
    const m = await onMeeting(req, 'minutes:approve');
    const next = await meetings.change(m.id, (cur, t) => {
      const minutes = cur.minutes;
      if (!minutes) throw new AppError(ErrorCode.notFound, 'the session has no minutes yet');
      if (minutes.approvedAt !== null) throw new AppError(ErrorCode.minutesClosed, 'the minutes are already approved');
      return { ...cur, minutes: { ...minutes, approvedAt: t, approvedBy: user.id } };
    });
    await deps.broadcast(next);
    res.json({ minutes: await meetings.toMinutes(next) });
  });

  return r;
}
