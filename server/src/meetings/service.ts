import {
  AppError,
  ErrorCode,
  findSpaceItem,
  FORMER_MEMBER,
  itemDocName,
  readStickies,
  spaceDocName,
  type AgendaItemInput,
  type EditMeetingRequest,
  type Meeting,
  type MeetingState,
  type Minutes,
  type ScheduleMeetingRequest,
  type SpaceLink,
} from '@samla/shared';
import type { Logger } from 'pino';
import type { CollabServer } from '../collab/server.js';
import type { HistoryRecorder } from '../history/recorder.js';
import { newId } from '../lib/ids.js';
import { formerMembersAmong } from '../members/formerMembers.js';
import type { ExternalEntry, SearchIndexer } from '../search/indexer.js';
import type { MeetingRecord, Store } from '../storage/store.js';
import { minutesToMarkdown, type MinutesLanguage } from './markdown.js';
import { facilitatorTerms, keepFacilitatorHistory } from './model.js';
import { frozenSearchEntries } from './frozenSearch.js';
import { peopleNamedIn, withFormerMembers } from './names.js';
import { meetingSearchEntries, searchableChanged } from './searchEntries.js';

const MAX_ATTEMPTS = 50;
/** Meta key and version of the sessions' search backfill; a new version re-indexes every session once. */
export const SESSIONS_BACKFILL_KEY = 'search.sessionsBackfilled';
export const SESSIONS_BACKFILL_VERSION = '2';

export type Meetings = ReturnType<typeof createMeetings>;

/**
 * Sessions: the record in the store is the authority, changed only through `change()` (read, apply a
 * pure transition, compare-and-set, retry). Nothing is kept in memory between calls, so any instance
 * can serve any command, and a restarted server carries on from the store.
 */
export function createMeetings(deps: {
  store: Store;
  collab: CollabServer;
  recorder: HistoryRecorder;
  now: () => Date;
  log: Logger;
  minutesAmendMs: number;
  /** The network's time zone (TIME_ZONE), in which minutes are written. */
  timeZone: string;
  /** Search's hook for other features' entries (decisions, action items, minutes). */
  search?: Pick<SearchIndexer, 'index'>;
}) {
  const { store, collab, recorder, now, log } = deps;

  /** Keeps search in step with a session; derived data, so a failure is logged, never fatal. */
  function reindex(prev: MeetingRecord, next: MeetingRecord): void {
    if (!deps.search || !searchableChanged(prev, next)) return;
    const search = deps.search;
    void (async () => {
      await search.index(await searchEntriesOf(next, next.minutes?.snapshots !== prev.minutes?.snapshots));
    })().catch((err: unknown) => log.warn({ err, meeting: next.id }, 'could not index the session for search'));
  }

  /** A session's entries, exactly as the `change()` funnel indexes them. */
  async function searchEntriesOf(m: MeetingRecord, withFrozen: boolean): Promise<ExternalEntry[]> {
    // Indexed in the network's language, Swedish.
    const markdown = m.status === 'ended' && m.minutes ? minutesMarkdown(await toMinutes(m), 'sv') : null;
    const frozen = withFrozen ? await frozenSearchEntries({ store, collab }, m) : [];
    return [...meetingSearchEntries(await named(m), markdown), ...frozen];
  }

  /**
   * Sessions as they may be shown: the names they keep of deleted accounts read FORMER_MEMBER. One
   * read of the accounts for the whole list.
   */
  async function withNames(ms: MeetingRecord[]): Promise<MeetingRecord[]> {
    const gone = await formerMembersAmong(store, ms.flatMap((m) => [...peopleNamedIn(m)]));
    return ms.map((m) => withFormerMembers(m, gone));
  }

  async function named(m: MeetingRecord): Promise<MeetingRecord> {
    return (await withNames([m]))[0]!;
  }

  /**
   * A person's account is gone: search holds their name in the minutes and action items of every
   * session that names them, so those entries are written again (the records resolve the name when
   * read). Derived data: a failure is logged, and the next change of the session writes them again.
   */
  async function reindexNaming(userId: string): Promise<void> {
    const search = deps.search;
    if (!search) return;
    const groupIds = (await store.groups.list()).map((g) => g.id);
    for (const { id } of await store.meetings.list(groupIds, ['scheduled', 'live', 'ended', 'cancelled'])) {
      const m = await store.meetings.get(id);
      if (!m || !peopleNamedIn(m).has(userId)) continue;
      await searchEntriesOf(m, false)
        .then((entries) => search.index(entries))
        .catch((err: unknown) => log.warn({ err, meeting: m.id }, 'could not index the session again after an account was deleted'));
    }
  }

  /**
   * Indexes every session's decisions, action items, minutes and frozen documents, unless this store's
   * index has them already (SESSIONS_BACKFILL_VERSION): sessions from before search existed, and a store
   * made by `migrate`, which does not copy the index. One session at a time, in the background at start.
   */
  async function backfillSearch(): Promise<number> {
    const search = deps.search;
    if (!search || (await store.meta.get(SESSIONS_BACKFILL_KEY)) === SESSIONS_BACKFILL_VERSION) return 0;
    const groupIds = (await store.groups.list()).map((g) => g.id);
    const sessions = await store.meetings.list(groupIds, ['scheduled', 'live', 'ended', 'cancelled']);
    for (const { id } of sessions) {
      // Read again just before indexing: a session changed meanwhile was indexed by change() already.
      const m = await store.meetings.get(id);
      if (m) await search.index(await searchEntriesOf(m, true));
    }
    await store.meta.set(SESSIONS_BACKFILL_KEY, SESSIONS_BACKFILL_VERSION);
    return sessions.length;
  }

  async function get(id: string): Promise<MeetingRecord> {
    const m = await store.meetings.get(id);
    if (!m) throw new AppError(ErrorCode.notFound, 'no such session');
    return m;
  }

  /** Applies `fn` to the current record with compare-and-set; `fn` may throw an AppError. Returns the stored record. */
  async function change(id: string, fn: (m: MeetingRecord, now: number) => MeetingRecord | Promise<MeetingRecord>): Promise<MeetingRecord> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await get(id);
      const t = now().getTime();
      const next = keepFacilitatorHistory(current, await fn(current, t), t);
      if (next === current) return current;
      const stored = { ...next, version: current.version + 1, updatedAt: t };
      if (await store.meetings.replace(stored, current.version)) {
        reindex(current, stored);
        return stored;
      }
    }
    throw new Error(`session ${id}: too many concurrent changes`);
  }

  /** The space item behind a link, if the group's space has it (not archived) with that kind. */
  async function checkLink(groupId: string, link: SpaceLink): Promise<void> {
    const ok = await collab.withDoc(spaceDocName(groupId), (shared) => {
      const item = findSpaceItem(shared.doc, link.itemId);
      return item?.kind === link.kind && !item.archived;
    });
    if (!ok) throw new AppError(ErrorCode.linkNotInGroup, `${link.kind} ${link.itemId} is not in the group's space`);
  }

  /** Sticky id → text of a board, read from the live document. */
  async function stickies(groupId: string, boardId: string): Promise<Map<string, { text: string; sectionId: string | null }>> {
    return collab.withDoc(itemDocName(groupId, 'board', boardId), (shared) =>
      new Map(readStickies(shared.doc).map((s) => [s.id, { text: s.text, sectionId: s.sectionId }])),
    );
  }

  async function agendaFrom(groupId: string, items: AgendaItemInput[]) {
    for (const item of items) if (item.link) await checkLink(groupId, item.link);
    return items.map((item) => ({
      id: newId(),
      title: item.title,
      timeboxMinutes: item.timeboxMinutes,
      link: item.link ?? null,
      spentMs: 0,
    }));
  }

  function times(startsAt: string, durationMinutes: number | undefined, endsAt: string | undefined) {
    const start = Date.parse(startsAt);
    const end = endsAt ? Date.parse(endsAt) : start + durationMinutes! * 60_000;
    if (end <= start) throw new AppError(ErrorCode.invalidPayload, 'endsAt: must be after startsAt');
    return { startsAt: start, endsAt: end };
  }

  const minutesMarkdown = (minutes: Minutes, lang: MinutesLanguage): string =>
    minutesToMarkdown(minutes, { lang, timeZone: deps.timeZone });

  const groupName = async (groupId: string): Promise<string> => (await store.groups.findById(groupId))?.name ?? groupId;

  async function toMeeting(m: MeetingRecord): Promise<Meeting> {
    return {
      id: m.id,
      groupId: m.groupId,
      groupName: await groupName(m.groupId),
      title: m.title,
      startsAt: new Date(m.startsAt).toISOString(),
      endsAt: new Date(m.endsAt).toISOString(),
      place: m.place,
      videoUrl: m.videoUrl,
      agenda: m.agenda,
      status: m.status,
      facilitatorId: m.facilitatorId,
      createdBy: m.createdBy,
      createdAt: new Date(m.createdAt).toISOString(),
      updatedAt: new Date(m.updatedAt).toISOString(),
    };
  }

  async function toState(m: MeetingRecord): Promise<MeetingState> {
    const { minutes: _minutes, ...live } = await named(m);
    return { ...live, ...(await toMeeting(m)) };
  }

  /** Freezes each page and board linked from the agenda as a `session-end` version. */
  async function freeze(m: MeetingRecord): Promise<Record<string, string>> {
    const name = `${m.title} (${new Date(m.endedAt ?? m.startsAt).toISOString().slice(0, 10)})`.slice(0, 120);
    const byDoc = new Map<string, string>();
    const out: Record<string, string> = {};
    for (const item of m.agenda) {
      if (!item.link) continue;
      const docName = itemDocName(m.groupId, item.link.kind, item.link.itemId);
      let id = byDoc.get(docName);
      if (!id) {
        id = (await collab.withDoc(docName, (shared) => recorder.take(shared, 'session-end', name))).id;
        byDoc.set(docName, id);
      }
      out[item.id] = id;
    }
    return out;
  }

  async function toMinutes(stored: MeetingRecord): Promise<Minutes> {
    if (!stored.minutes || stored.endedAt === null || stored.startedAt === null) throw new AppError(ErrorCode.notFound, 'the session has no minutes yet');
    // Everyone the minutes name, in one read: facilitators by their name now, the rest as the record
    // keeps them, and anyone whose account is gone as FORMER_MEMBER.
    const ids = peopleNamedIn(stored);
    const people = new Map((await store.users.findByIds([...ids])).map((u) => [u.id, u.name]));
    const m = withFormerMembers(stored, new Set([...ids].filter((id) => !people.has(id))));
    const minutes = m.minutes!;
    const byOrg = new Map<string | null, { organisationId: string | null; organisationName: string | null; people: { userId: string; name: string }[] }>();
    for (const a of m.attendance) {
      const entry = byOrg.get(a.organisationId) ?? { organisationId: a.organisationId, organisationName: a.organisationName, people: [] };
      entry.people.push({ userId: a.userId, name: a.name });
      byOrg.set(a.organisationId, entry);
    }
    const attendees = [...byOrg.values()]
      .map((g) => ({ ...g, people: g.people.sort((a, b) => a.name.localeCompare(b.name, 'sv')) }))
      .sort((a, b) =>
        a.organisationName === null ? 1 : b.organisationName === null ? -1 : a.organisationName.localeCompare(b.organisationName, 'sv'),
      );
    const nameOf = (userId: string) => people.get(userId) ?? FORMER_MEMBER;
    const facilitators = facilitatorTerms(m).map((f) => ({
      userId: f.userId,
      name: nameOf(f.userId),
      from: new Date(f.from).toISOString(),
      until: new Date(f.until).toISOString(),
    }));
    return {
      meetingId: m.id,
      groupId: m.groupId,
      groupName: await groupName(m.groupId),
      title: m.title,
      startedAt: new Date(stored.startedAt).toISOString(),
      endedAt: new Date(stored.endedAt).toISOString(),
      facilitator: { userId: m.facilitatorId, name: nameOf(m.facilitatorId) },
      facilitators,
      attendees,
      agenda: m.agenda.map((item) => ({
        id: item.id,
        title: item.title,
        timeboxMinutes: item.timeboxMinutes,
        spentMs: item.spentMs,
        link: item.link,
        snapshotId: minutes.snapshots[item.id] ?? null,
      })),
      decisions: m.decisions,
      actionItems: m.actionItems,
      voteResults: m.voteResults,
      amendments: minutes.amendments.map((a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() })),
      amendableUntil: new Date(minutes.amendableUntil).toISOString(),
      approvedAt: minutes.approvedAt === null ? null : new Date(minutes.approvedAt).toISOString(),
      approvedBy: minutes.approvedBy,
    };
  }

  return {
    get,
    change,
    backfillSearch,
    checkLink,
    stickies,
    toMeeting,
    toState,
    toMinutes,
    withNames,
    reindexNaming,
    minutesMarkdown,
    freeze,
    minutesAmendMs: deps.minutesAmendMs,
    log,

    async schedule(groupId: string, userId: string, req: ScheduleMeetingRequest): Promise<MeetingRecord> {
      const t = now().getTime();
      const record: MeetingRecord = {
        id: newId(),
        groupId,
        title: req.title,
        ...times(req.startsAt, req.durationMinutes, req.endsAt),
        place: req.place ?? null,
        videoUrl: req.videoUrl ?? null,
        agenda: await agendaFrom(groupId, req.agenda),
        status: 'scheduled',
        facilitatorId: userId,
        facilitators: [{ userId, since: t }],
        createdBy: userId,
        createdAt: t,
        updatedAt: t,
        currentItem: null,
        currentItemStartedAt: null,
        timer: null,
        followTarget: null,
        notFollowing: [],
        queue: [],
        speaking: null,
        vote: null,
        voteResults: [],
        decisions: [],
        actionItems: [],
        attendance: [],
        startedAt: null,
        endedAt: null,
        minutes: null,
        version: 1,
      };
      await store.meetings.create(record);
      return record;
    },

    async edit(id: string, req: EditMeetingRequest): Promise<MeetingRecord> {
      const current = await get(id);
      const agenda = req.agenda ? await agendaFrom(current.groupId, req.agenda) : null;
      return change(id, (m) => {
        if (m.status !== 'scheduled') throw new AppError(ErrorCode.meetingStarted, `the session is ${m.status}`);
        const startsAt = req.startsAt ?? new Date(m.startsAt).toISOString();
        const span =
          req.endsAt !== undefined || req.durationMinutes !== undefined
            ? times(startsAt, req.durationMinutes, req.endsAt)
            : // Moving the start keeps the duration.
              times(startsAt, (m.endsAt - m.startsAt) / 60_000, undefined);
        return {
          ...m,
          ...span,
          title: req.title ?? m.title,
          place: req.place === undefined ? m.place : req.place,
          videoUrl: req.videoUrl === undefined ? m.videoUrl : req.videoUrl,
          agenda: agenda ?? m.agenda,
        };
      });
    },

    async cancel(id: string): Promise<MeetingRecord> {
      return change(id, (m) => {
        if (m.status !== 'scheduled') throw new AppError(ErrorCode.meetingStarted, `the session is ${m.status}`);
        return { ...m, status: 'cancelled' };
      });
    },
  };
}
