import { itemDocName, notesDocName, parseDocName, readBoard, readSpaceItems, spaceDocName, type AccountExport } from '@samla/shared';
import type * as Y from 'yjs';
import { toApplication } from '../applications/routes.js';
import { facilitatorTerms } from '../meetings/model.js';
import { withDocument } from '../storage/docState.js';
import type { MeetingRecord, Store, UserRecord } from '../storage/store.js';

/** The parts of the personal export that come from the person's work in the groups, rather than from their account. */
export type AuthoredExport = Pick<
  AccountExport,
  'stickies' | 'contributions' | 'attendance' | 'amendments' | 'decisions' | 'actionItems' | 'votes' | 'applications'
>;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Everything the person wrote or is named in, in every group (also groups they have left, since what
 * they wrote stays there): their stickies, the versions that list them as a contributor, the sessions
 * they attended with their amendments, decisions, action items and dots, and the applications that
 * name them as the contact. Documents are read as this instance holds them, else from the store.
 */
export async function authoredExport(
  deps: { store: Store; loadedDoc: (docName: string) => Y.Doc | undefined },
  user: UserRecord,
): Promise<AuthoredExport> {
  const { store } = deps;
  const read = <T>(docName: string, fn: (doc: Y.Doc) => T) => withDocument(store, deps.loadedDoc, docName, fn);
  const groups = await store.groups.list();

  // Titles of every document, for the contributions; the stickies, from every board on the way.
  const titles = new Map<string, string>();
  const stickies: AccountExport['stickies'] = [];
  for (const group of groups) {
    titles.set(notesDocName(group.id), group.name);
    for (const item of await read(spaceDocName(group.id), readSpaceItems)) {
      const docName = itemDocName(group.id, item.kind, item.id);
      titles.set(docName, item.title);
      if (item.kind !== 'board') continue;
      for (const s of (await read(docName, readBoard)).stickies) {
        if (s.authorId !== user.id) continue;
        stickies.push({
          groupId: group.id,
          boardId: item.id,
          board: item.title,
          stickyId: s.id,
          text: s.text,
          section: s.section,
          createdAt: s.createdAt > 0 ? iso(s.createdAt) : null,
        });
      }
    }
  }

  const contributions: AccountExport['contributions'] = [];
  for (const v of await store.snapshots.listByContributor(user.id)) {
    const address = parseDocName(v.docName);
    if (!address) continue;
    contributions.push({
      groupId: address.groupId,
      doc: v.docName,
      kind: address.kind,
      title: titles.get(v.docName) ?? null,
      versionId: v.id,
      versionName: v.name,
      reason: v.reason,
      createdAt: v.createdAt.toISOString(),
    });
  }

  const sessions = await store.meetings.list(
    groups.map((g) => g.id),
    ['scheduled', 'live', 'ended', 'cancelled'],
  );
  const out: Omit<AuthoredExport, 'stickies' | 'contributions' | 'applications'> = {
    attendance: [],
    amendments: [],
    decisions: [],
    actionItems: [],
    votes: [],
  };
  for (const m of sessions) {
    const session = { groupId: m.groupId, meetingId: m.id, title: m.title, startsAt: iso(m.startsAt) };
    const attended = m.attendance.find((a) => a.userId === user.id);
    if (attended) {
      const facilitated = m.startedAt !== null && facilitatorTerms(m).some((f) => f.userId === user.id);
      out.attendance.push({ session, joinedAt: iso(attended.joinedAt), facilitated });
      // Only someone in the room can vote, and joining the room is what records attendance.
      out.votes.push(...(await votesOf(store, m, user.id)).map((v) => ({ session, ...v })));
    }
    for (const a of m.minutes?.amendments ?? []) {
      if (a.authorId === user.id) out.amendments.push({ session, id: a.id, text: a.text, createdAt: iso(a.createdAt) });
    }
    for (const d of m.decisions) {
      if (d.createdBy === user.id) out.decisions.push({ session, id: d.id, text: d.text, createdAt: iso(d.createdAt) });
    }
    for (const a of m.actionItems) {
      const involvement = [
        ...(a.owner.kind === 'user' && a.owner.userId === user.id ? (['owner'] as const) : []),
        ...(a.createdBy === user.id ? (['recorded'] as const) : []),
        ...(a.doneBy === user.id ? (['markedDone'] as const) : []),
      ];
      if (involvement.length === 0) continue;
      out.actionItems.push({
        session,
        id: a.id,
        text: a.text,
        owner: a.owner.name,
        due: a.due,
        done: a.done ?? false,
        createdAt: iso(a.createdAt),
        involvement,
      });
    }
  }

  const email = user.email.toLowerCase();
  const applications = (await store.applications.list()).filter((a) => a.contactEmail.toLowerCase() === email).map(toApplication);
  return { stickies, contributions, ...out, applications };
}

/** The person's dots in every round of the session: the revealed ones and the open one. */
async function votesOf(store: Store, m: MeetingRecord, userId: string) {
  const rounds = new Map(m.voteResults.map((r) => [r.round, { boardId: r.boardId, texts: new Map(r.ranking.map((x) => [x.stickyId, x.text])) }]));
  if (m.vote && !rounds.has(m.vote.round)) rounds.set(m.vote.round, { boardId: m.vote.boardId, texts: new Map() });
  const out: Omit<AccountExport['votes'][number], 'session'>[] = [];
  for (const [round, { boardId, texts }] of rounds) {
    for (const v of await store.meetingVotes.list(m.id, round)) {
      if (v.userId === userId) out.push({ round, boardId, stickyId: v.stickyId, sticky: texts.get(v.stickyId) ?? null, at: v.at.toISOString() });
    }
  }
  return out;
}
