import { Router } from 'express';
import {
  AppError,
  ErrorCode,
  itemDocName,
  notesDocName,
  routes,
  type ArchivedMeeting,
  type GroupArchive,
  type TimelineEntry,
} from '@samla/shared';
import type { CollabServer } from '../collab/server.js';
import { fileName } from '../export/routes.js';
import { enforce } from '../http/errors.js';
import { route } from '../http/route.js';
import type { Policy } from '../policy/policy.js';
import type { Store } from '../storage/store.js';
import { requestedLanguage } from './markdown.js';
import type { Meetings } from './service.js';
import { readSpace } from './space.js';

/**
 * The group's archive: past sessions (newest first) with their counts, and a timeline of sessions and
 * saved versions of the group's documents; and the minutes of one session as a Markdown download.
 * Both are session content, so they need `meeting:attend` (coordinators read them only as members).
 */
export function archiveRoutes(deps: { store: Store; policy: Policy; meetings: Meetings; collab: CollabServer; now: () => Date }): Router {
  const { store, policy, meetings, collab, now } = deps;
  const r = Router();

  route(r, routes.meetings.archive, async ({ user, params: { groupId } }) => {
    enforce(await policy.inGroup(user, 'meeting:attend', groupId));
    const ended = (await store.meetings.list([groupId], ['ended'])).sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0) || (a.id < b.id ? -1 : 1));
    const t = now().getTime();
    const list: ArchivedMeeting[] = ended.map((m) => ({
      id: m.id,
      title: m.title,
      startedAt: new Date(m.startedAt ?? m.startsAt).toISOString(),
      endedAt: new Date(m.endedAt ?? m.endsAt).toISOString(),
      attendance: m.attendance.length,
      decisions: m.decisions.length,
      actionItems: m.actionItems.length,
      minutes: m.minutes?.approvedAt != null ? 'approved' : m.minutes && m.minutes.amendableUntil > t ? 'draft' : 'draft-closed',
    }));

    // Saved versions (named ones and those frozen at a session's end) of the notes and every page and board.
    const sessionOf = new Map<string, string>();
    for (const m of ended) for (const id of Object.values(m.minutes?.snapshots ?? {})) sessionOf.set(id, m.id);
    const items = await readSpace(store, collab, groupId);
    const docNames = [notesDocName(groupId), ...items.map((i) => itemDocName(groupId, i.kind, i.id))];
    const timeline: TimelineEntry[] = list.map((m) => ({ kind: 'session', at: m.endedAt, meetingId: m.id, title: m.title }));
    for (const doc of docNames) {
      for (const v of await store.snapshots.list(doc)) {
        if (v.reason !== 'named' && v.reason !== 'session-end') continue;
        timeline.push({ kind: 'version', at: v.createdAt.toISOString(), versionId: v.id, doc, name: v.name, reason: v.reason, meetingId: sessionOf.get(v.id) ?? null });
      }
    }
    timeline.sort((a, b) => b.at.localeCompare(a.at));
    const body: GroupArchive = { meetings: list, timeline };
    return body;
  });

  route(r, routes.meetings.minutesMarkdown, async ({ req, res, user, params: { groupId, meetingId } }) => {
    enforce(await policy.inGroup(user, 'meeting:attend', groupId));
    const m = await store.meetings.get(meetingId);
    if (!m || m.groupId !== groupId) throw new AppError(ErrorCode.notFound, 'no such session in this group');
    const markdown = meetings.minutesMarkdown(await meetings.toMinutes(m), requestedLanguage(req));
    res
      .type('text/markdown; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="${fileName(m.title, m.id, 'md')}"`)
      .send(markdown);
  });

  return r;
}
