import { Router } from 'express';
import { AppError, ErrorCode, routes, type MeetingStatus } from '@samla/shared';
import { enforce, type LinkOrigin } from '../http/errors.js';
import { route } from '../http/route.js';
import { newId } from '../lib/ids.js';
import type { Action, MeetingAction, Policy } from '../policy/policy.js';
import type { MeetingRecord, Store, UserRecord } from '../storage/store.js';
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

  async function inGroup(user: UserRecord, groupId: string, action: Action) {
    enforce(await policy.inGroup(user, action, groupId));
  }

  /** The session in the URL, which must belong to the group in the URL, after the group-level check. */
  async function meeting(user: UserRecord, ids: { groupId: string; meetingId: string }, action: Action): Promise<MeetingRecord> {
    await inGroup(user, ids.groupId, action);
    const m = await store.meetings.get(ids.meetingId);
    if (!m || m.groupId !== ids.groupId) throw new AppError(ErrorCode.notFound, 'no such session in this group');
    return m;
  }

  async function onMeeting(user: UserRecord, ids: { groupId: string; meetingId: string }, action: MeetingAction): Promise<MeetingRecord> {
    const m = await meeting(user, ids, 'meetings:read');
    enforce(await policy.onMeeting(user, action, m));
    return m;
  }

  const upcoming: MeetingStatus[] = ['scheduled', 'live'];

  route(r, routes.meetings.schedule, async ({ user, params: { groupId }, body }) => {
    await inGroup(user, groupId, 'meetings:schedule');
    const m = await meetings.schedule(groupId, user.id, body);
    return { meeting: await meetings.toMeeting(m) };
  });

  route(r, routes.meetings.list, async ({ user, params: { groupId }, query }) => {
    await inGroup(user, groupId, 'meetings:read');
    const statuses: MeetingStatus[] = query.all === 'true' ? [...upcoming, 'ended', 'cancelled'] : upcoming;
    const list = await store.meetings.list([groupId], statuses);
    return { meetings: await Promise.all(list.map(meetings.toMeeting)) };
  });

  route(r, routes.meetings.mine, async ({ user }) => {
    const groupIds: string[] = [];
    for (const m of await store.memberships.listForUser(user.id)) {
      if ((await policy.inGroup(user, 'meetings:read', m.groupId)).allowed) groupIds.push(m.groupId);
    }
    const list = await store.meetings.list(groupIds, upcoming);
    return { meetings: await Promise.all(list.map(meetings.toMeeting)) };
  });

  route(r, routes.meetings.get, async ({ user, params }) => ({ meeting: await meetings.toMeeting(await meeting(user, params, 'meetings:read')) }));

  route(r, routes.meetings.ics, async ({ req, res, user, params }) => {
    const m = await meetings.toMeeting(await meeting(user, params, 'meetings:read'));
    const url = `${deps.linkOrigin(req)}${meetingLink(m)}`;
    res
      .type('text/calendar; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="samla-${m.id}.ics"`)
      .send(meetingToIcs(m, { stamp: now(), url }));
  });

  route(r, routes.meetings.edit, async ({ user, params, body }) => {
    const m = await meeting(user, params, 'meetings:schedule');
    return { meeting: await meetings.toMeeting(await meetings.edit(m.id, body)) };
  });

  route(r, routes.meetings.cancel, async ({ user, params }) => {
    const m = await meeting(user, params, 'meetings:schedule');
    return { meeting: await meetings.toMeeting(await meetings.cancel(m.id)) };
  });

  route(r, routes.meetings.minutes, async ({ req, user, params }) => {
    const record = await meeting(user, params, 'meeting:attend');
    const minutes = await meetings.toMinutes(record);
    const [amend, approve] = await Promise.all([
      policy.onMeeting(user, 'minutes:amend', record),
      policy.onMeeting(user, 'minutes:approve', record),
    ]);
    const open = minutes.approvedAt === null;
    const can = { amend: amend.allowed && open && Date.parse(minutes.amendableUntil) > now().getTime(), approve: approve.allowed && open };
    return { minutes, markdown: meetings.minutesMarkdown(minutes, requestedLanguage(req)), can };
  });

  route(r, routes.meetings.amend, async ({ user, params, body: { text } }) => {
    const m = await onMeeting(user, params, 'minutes:amend');
    const next = await meetings.change(m.id, (cur, t) => {
      const minutes = cur.minutes;
      if (!minutes) throw new AppError(ErrorCode.notFound, 'the session has no minutes yet');
      if (minutes.approvedAt !== null || t > minutes.amendableUntil) throw new AppError(ErrorCode.minutesClosed, 'the minutes are closed');
      const amendment = { id: newId(), authorId: user.id, authorName: user.name, text, createdAt: t };
      return { ...cur, minutes: { ...minutes, amendments: [...minutes.amendments, amendment] } };
    });
    await deps.broadcast(next);
    return { minutes: await meetings.toMinutes(next) };
  });

  route(r, routes.meetings.approveMinutes, async ({ user, params }) => {
    const m = await onMeeting(user, params, 'minutes:approve');
    const next = await meetings.change(m.id, (cur, t) => {
      const minutes = cur.minutes;
      if (!minutes) throw new AppError(ErrorCode.notFound, 'the session has no minutes yet');
      if (minutes.approvedAt !== null) throw new AppError(ErrorCode.minutesClosed, 'the minutes are already approved');
      return { ...cur, minutes: { ...minutes, approvedAt: t, approvedBy: user.id } };
    });
    await deps.broadcast(next);
    return { minutes: await meetings.toMinutes(next) };
  });

  return r;
}
