import { searchTerms, type RelatedGroup, type RelatedItem, type RelatedSession, type SearchResult } from '@samla/shared';
import { meetingLink } from '../meetings/searchEntries.js';
import type { MeetingRecord, SearchHit } from '../storage/store.js';

/**
 * "Discussed before": which words of an open page or board to look for, and how the search hits
 * become earlier sessions and related pages and stickies. Pure; the route in routes.ts does the I/O.
 */

/** Common Swedish words (and a few English ones) that say nothing about a topic. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `alla allt andra att av bara blev blir bli bör cirka dag de dem den denna deras dess dessa det detta dig din dina
   ditt du då där efter eftersom eller en er era ett fast finns flera fler från får före genom gjorde gör göra ha
   hade han har hela hon hos hur här i ibland idag in inför ingen inga inget inom inte ja jag ju kan kanske kommer
   kunde kunna man med men mer mest mig min mina mitt mot mycket måste ned nej ni nog någon något några när nu ny
   nya nytt nästa och också om oss på redan samma samt sedan sig sin sina sitt ska skall skulle som så sådan sådana
   till tills tre två under upp ut utan vad var vara varför varit varje vart vem vi vid vilka vilken vilket vill väl
   är än ännu även åt över punkt punkter
   about and are for from have not that the this was were what when which will with you your`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words shorter than this are never looked for (prefix matching makes them match almost anything). */
export const MIN_TERM_LENGTH = 3;
/** At most this many words are looked for. */
export const MAX_TERMS = 12;
/** Only this much of a long page is read for its words. */
const MAX_TEXT = 20_000;

const usable = (t: string) => t.length >= MIN_TERM_LENGTH && !STOP_WORDS.has(t) && !/^\p{N}+$/u.test(t);

/**
 * The words an item is about: every usable word of its title first (in title order), then the words
 * of its text by how often they occur, ties by length (longer first), then alphabetically. Same input,
 * same words.
 */
export function keyTerms(title: string, text: string, max = MAX_TERMS): string[] {
  const out: string[] = [];
  for (const t of searchTerms(title)) if (usable(t) && !out.includes(t)) out.push(t);
  const counts = new Map<string, number>();
  for (const t of searchTerms(text.slice(0, MAX_TEXT))) if (usable(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const ranked = [...counts]
    .filter(([t]) => !out.includes(t))
    .sort(([a, na], [b, nb]) => nb - na || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(([t]) => t);
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
