import { searchTerms, type RelatedGroup, type RelatedItem, type RelatedSession, type SearchResult } from '@samla/shared';
import { meetingLink } from '../meetings/searchEntries.js';
import { stem, STOP_WORDS } from '../storage/searchText.js';
import type { MeetingRecord, SearchHit } from '../storage/store.js';

/**
 * "Discussed before": which words of an open page or board to look for, and how the search hits
 * become earlier sessions and related pages and stickies. Pure; the route in routes.ts does the I/O.
 */

/** Words shorter than this are never looked for (prefix matching makes them match almost anything). */
export const MIN_TERM_LENGTH = 3;
/** At most this many words are looked for. */
export const MAX_TERMS = 12;
/** Only this much of a long page is read for its words. */
const MAX_TEXT = 20_000;

const usable = (t: string) => t.length >= MIN_TERM_LENGTH && !STOP_WORDS.has(t) && !/^\p{N}+$/u.test(t);

/**
 * The words an item is about: every usable word of its title first (in title order), then the words
 * of its text by how often they occur, ties by length (longer first), then alphabetically. Forms of one
 * word (one stem: plastpåsar, plastpåsarna) count as one, under the form seen first. Same input, same words.
 */
export function keyTerms(title: string, text: string, max = MAX_TERMS): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const t of searchTerms(title)) {
    if (!usable(t) || seen.has(stem(t))) continue;
    seen.set(stem(t), t);
    out.push(t);
  }
  const counts = new Map<string, { word: string; n: number }>();
  for (const t of searchTerms(text.slice(0, MAX_TEXT))) {
    if (!usable(t) || seen.has(stem(t))) continue;
    const c = counts.get(stem(t));
    if (c) c.n++;
    else counts.set(stem(t), { word: t, n: 1 });
  }
  const ranked = [...counts.values()]
    .sort((a, b) => b.n - a.n || b.word.length - a.word.length || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))
    .map((c) => c.word);
  return [...out, ...ranked].slice(0, max);
}

/** A hit as the API returns it. */
export function toSearchResult(h: SearchHit, group: RelatedGroup): SearchResult {
  return {
    group,
    kind: h.kind,
    itemId: h.itemId,
    subId: h.subId,
    title: h.title,
    section: h.section,
    snippet: h.snippet,
    date: h.updatedAt.toISOString(),
    link: h.link,
    alsoIn: h.copies.map((c) => ({ link: c.link, date: c.date.toISOString() })),
  };
}

/** At most this many entries of one page or board (say, stickies of one board) in the list. */
export const MAX_PER_ITEM = 2;
/** At most this many matching parts shown for one session. */
export const MAX_MATCHES_PER_SESSION = 3;

/**
 * The session a hit belongs to, or null: minutes, decisions and action items are keyed by the session's
 * id; a page or sticky as it was frozen at a session's end links to that session's page.
 */
export function sessionOf(h: Pick<SearchHit, 'groupId' | 'kind' | 'itemId' | 'link'>): string | null {
  if (h.kind === 'minutes' || h.kind === 'decision' || h.kind === 'action') return h.itemId;
  const prefix = `/groups/${h.groupId}/sessions/`;
  if ((h.kind === 'page' || h.kind === 'board') && h.link.startsWith(prefix)) {
    const id = h.link.slice(prefix.length).split(/[/?#]/)[0]!;
    return id ? decodeURIComponent(id) : null;
  }
  return null;
}

/**
 * Splits hits (best first) into sessions and pages or stickies, each list up to `limit`, in the order of
 * each one's best hit. A session needs its record (for title and date) in the hit's group; hits of a
 * session that is gone are dropped. Hits of groups not in `groups` never get through.
 */
export function groupRelated(
  hits: SearchHit[],
  groups: ReadonlyMap<string, string>,
  meetings: ReadonlyMap<string, Pick<MeetingRecord, 'id' | 'groupId' | 'title' | 'startsAt'>>,
  limit: number,
): { sessions: RelatedSession[]; items: RelatedItem[] } {
  const sessions = new Map<string, RelatedSession>();
  const items: RelatedItem[] = [];
  const perItem = new Map<string, number>();
  for (const h of hits) {
    const name = groups.get(h.groupId);
    if (name === undefined || h.kind === 'notes') continue;
    const group: RelatedGroup = { id: h.groupId, name };
    const meetingId = sessionOf(h);
    if (meetingId !== null) {
      const meeting = meetings.get(meetingId);
      if (!meeting || meeting.groupId !== h.groupId) continue;
      let session = sessions.get(meetingId);
      if (!session) {
        if (sessions.size >= limit) continue;
        session = { group, meetingId, title: meeting.title, date: new Date(meeting.startsAt).toISOString(), link: meetingLink(meeting), matches: [] };
        sessions.set(meetingId, session);
      }
      if (session.matches.length < MAX_MATCHES_PER_SESSION) session.matches.push({ kind: h.kind, subId: h.subId, snippet: h.snippet });
    } else if (h.kind === 'page' || h.kind === 'board') {
      const key = `${h.groupId}/${h.kind}/${h.itemId}`;
      const n = perItem.get(key) ?? 0;
      if (items.length >= limit || n >= MAX_PER_ITEM) continue;
      perItem.set(key, n + 1);
      items.push({ ...toSearchResult(h, group), kind: h.kind });
    }
  }
  return { sessions: [...sessions.values()], items };
}
