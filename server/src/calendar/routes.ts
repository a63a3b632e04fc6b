import { Router } from 'express';
import { AppError, ErrorCode, recordId, routes, type CalendarFeed } from '@samla/shared';
import { z } from 'zod';
import { enforce, type LinkOrigin } from '../http/errors.js';
import { route } from '../http/route.js';
import { newId, newToken, sha256 } from '../lib/ids.js';
import { meetingsToIcs } from '../meetings/ics.js';
import { meetingLink } from '../meetings/searchEntries.js';
import type { Meetings } from '../meetings/service.js';
import type { Policy } from '../policy/policy.js';
import type { CalendarFeedRecord, Store } from '../storage/store.js';

const feedPath = (token: string) => `/api/calendar/${token}.ics`;
const feedToken = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

/**
 * Calendar feeds: a person's secret, revocable iCal URL of one group's sessions, for calendar apps that
 * subscribe to a URL (and send no cookie). The token is random and only its sha256 is stored, so the URL is
 * shown once, when it is made; making a new one for the same group revokes the old one. Every fetch asks
 * the policy again, so the feed stops when the person leaves the group (or loses their account) as well as
 * when it is revoked.
 */
export function calendarRoutes(deps: { store: Store; policy: Policy; meetings: Meetings; now: () => Date; linkOrigin: LinkOrigin }): Router {
  const { store, policy, meetings, now } = deps;
  const r = Router();

  const toFeed = async (f: CalendarFeedRecord): Promise<CalendarFeed> => ({
    id: f.id,
    groupId: f.groupId,
    groupName: (await store.groups.findById(f.groupId))?.name ?? f.groupId,
    createdAt: f.createdAt.toISOString(),
  });

  route(r, routes.calendar.feeds, async ({ user }) => {
    const feeds = await Promise.all((await store.calendarFeeds.listForUser(user.id)).map(toFeed));
    return { feeds };
  });

  route(r, routes.calendar.create, async ({ req, user, body: { groupId } }) => {
    enforce(await policy.inGroup(user, 'meetings:subscribe', groupId));
    for (const old of await store.calendarFeeds.listForUser(user.id)) {
      if (old.groupId === groupId) await store.calendarFeeds.delete(old.id, user.id);
    }
    const token = newToken();
    const record: CalendarFeedRecord = { id: newId(), tokenHash: sha256(token), userId: user.id, groupId, createdAt: now() };
    await store.calendarFeeds.create(record);
    return { feed: await toFeed(record), url: `${deps.linkOrigin(req)}${feedPath(token)}` };
  });

  route(r, routes.calendar.revoke, async ({ user, params }) => {
    const id = recordId.safeParse(params.feedId);
    if (!id.success || !(await store.calendarFeeds.delete(id.data, user.id))) throw new AppError(ErrorCode.notFound, 'no such calendar feed of yours');
  });

  // Public: the token is the credential. Unknown, revoked and no-longer-allowed feeds all answer 404.
  route(r, routes.calendar.feed, async ({ req, res, params }) => {
    const token = feedToken.safeParse(params.token);
    const feed = token.success ? await store.calendarFeeds.findByTokenHash(sha256(token.data)) : null;
    const user = feed ? await store.users.findById(feed.userId) : null;
    const group = feed && user ? await policy.inGroup(user, 'meetings:subscribe', feed.groupId) : null;
    if (!feed || !group?.allowed) throw new AppError(ErrorCode.notFound, 'no such calendar feed');
    const list = await store.meetings.list([feed.groupId], ['scheduled', 'live', 'ended', 'cancelled']);
    const origin = deps.linkOrigin(req);
    res
      .type('text/calendar; charset=utf-8')
      .set('Cache-Control', 'private, no-store')
      .set('Content-Disposition', `inline; filename="samla-${feed.groupId}.ics"`)
      .send(
        meetingsToIcs(await Promise.all(list.map(meetings.toMeeting)), {
          stamp: now(),
          name: `Samla: ${group.group.name}`,
          urlOf: (m) => `${origin}${meetingLink(m)}`,
        }),
      );
  });

  return r;
}
