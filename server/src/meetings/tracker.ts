import { Router } from 'express';
import { AppError, ErrorCode, routes, type ActionItem, type TrackedAction, type TrackedActionsResponse } from '@samla/shared';
import { enforce } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { MeetingRecord, Store, UserRecord } from '../storage/store.js';
import { meetingLink } from './searchEntries.js';
import type { Meetings } from './service.js';

/** Today in Stockholm, YYYY-MM-DD: the network's day, whatever the server's time zone. */
export const stockholmDate = (d: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(d);

/** An action item with the follow-up fields filled in (items recorded before the tracker have none). */
export const withDone = (a: ActionItem): TrackedAction['item'] => ({ ...a, done: a.done ?? false, doneAt: a.doneAt ?? null, doneBy: a.doneBy ?? null });

/**
 * The action-item tracker: every action item of the sessions in the person's groups, with filters, and
 * marking one done or reopening it (who may: `policy.onActionItem`). Changes go through the meetings
 * service's compare-and-set `change()`, like every other change of a session.
 */
export function trackerRoutes(deps: {
  store: Store;
  policy: Policy;
  meetings: Meetings;
  now: () => Date;
  /** Tells a live session's room about the change (its state carries the action items). */
  broadcast?: (m: MeetingRecord) => Promise<void>;
}): Router {
  const { store, policy, meetings, now } = deps;
  const r = Router();

  /** Names of organisations and people's organisations, each looked up once per request. */
  function lookups() {
    const orgs = new Map<string, Promise<{ id: string; name: string } | null>>();
    const people = new Map<string, Promise<UserRecord | null>>();
    const org = (id: string) => {
      if (!orgs.has(id)) orgs.set(id, store.organisations.findById(id).then((o) => (o ? { id: o.id, name: o.name } : null)));
      return orgs.get(id)!;
    };
    const person = (id: string) => {
      if (!people.has(id)) people.set(id, store.users.findById(id));
      return people.get(id)!;
    };
    return {
      async organisationOf(item: ActionItem) {
        if (item.owner.kind === 'organisation') return org(item.owner.organisationId);
        const p = await person(item.owner.userId);
        return p?.organisationId ? org(p.organisationId) : null;
      },
    };
  }

  route(r, routes.meetings.myActions, async ({ user, query: q }) => {
    const groups = new Map<string, string>();
    for (const m of await store.memberships.listForUser(user.id)) {
      const d = await policy.inGroup(user, 'meeting:attend', m.groupId);
      if (d.allowed) groups.set(d.group.id, d.group.name);
    }
    const today = stockholmDate(now());
    const look = lookups();
    const all: TrackedAction[] = [];
    // Owners whose account is gone are named FORMER_MEMBER, as in the minutes.
    for (const m of await meetings.withNames(await store.meetings.list([...groups.keys()], ['live', 'ended']))) {
      for (const raw of m.actionItems) {
        const item = withDone(raw);
        all.push({
          item,
          group: { id: m.groupId, name: groups.get(m.groupId)! },
          meeting: { id: m.id, title: m.title, startedAt: m.startedAt === null ? null : new Date(m.startedAt).toISOString(), status: m.status },
          organisation: await look.organisationOf(item),
          link: meetingLink(m),
          overdue: !item.done && item.due !== null && item.due < today,
          mayChange: (await policy.onActionItem(user, m, item)).allowed,
        });
      }
    }
    const uniq = (xs: ({ id: string; name: string } | null)[]) =>
      [...new Map(xs.filter((x) => x !== null).map((x) => [x.id, x])).values()].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    const filters = {
      groups: uniq(all.map((a) => a.group)),
      owners: uniq(all.map((a) => (a.item.owner.kind === 'user' ? { id: a.item.owner.userId, name: a.item.owner.name } : null))),
      organisations: uniq(all.map((a) => a.organisation)),
    };
    const actions = all
      .filter(
        (a) =>
          (!q.group || a.group.id === q.group) &&
          (!q.owner || (a.item.owner.kind === 'user' && a.item.owner.userId === q.owner)) &&
          (!q.organisation || a.organisation?.id === q.organisation) &&
          (q.overdue !== 'true' || a.overdue) &&
          (q.status === 'all' || a.item.done === (q.status === 'done')),
      )
      // Open ones first, soonest due first (no due date last), then the newest.
      .sort(
        (a, b) =>
          Number(a.item.done) - Number(b.item.done) ||
          (a.item.due ?? '9999') .localeCompare(b.item.due ?? '9999') ||
          b.item.createdAt - a.item.createdAt,
      );
    const body: TrackedActionsResponse = { actions, filters, today };
    return body;
  });

  async function located(
    user: UserRecord,
    { groupId, meetingId, actionId }: { groupId: string; meetingId: string; actionId: string },
  ): Promise<{ m: MeetingRecord; item: ActionItem }> {
    enforce(await policy.inGroup(user, 'meeting:attend', groupId));
    const m = await store.meetings.get(meetingId);
    const item = m?.groupId === groupId ? m.actionItems.find((a) => a.id === actionId) : undefined;
    if (!m || !item) throw new AppError(ErrorCode.notFound, 'no such action item in this group');
    return { m, item };
  }

  route(r, routes.meetings.setActionDone, async ({ user, params, body: { done } }) => {
    const { m, item } = await located(user, params);
    enforce(await policy.onActionItem(user, m, item));
    const next = await meetings.change(m.id, (cur, t) => {
      const current = cur.actionItems.find((a) => a.id === item.id);
      if (!current || (current.done ?? false) === done) return cur;
      const changed: ActionItem = { ...current, done, doneAt: done ? t : null, doneBy: done ? user.id : null };
      return { ...cur, actionItems: cur.actionItems.map((a) => (a.id === item.id ? changed : a)) };
    });
    if (next.status === 'live' && next.version !== m.version) await deps.broadcast?.(next);
    const [shown] = await meetings.withNames([next]);
    return { action: withDone(shown!.actionItems.find((a) => a.id === item.id)!) };
  });

  return r;
}
