import type { AgendaItemInput, Meeting, ScheduleMeetingRequest, SpaceLink } from '@samla/shared';

/** One agenda row as the form edits it (strings, as the inputs hold them). */
export interface AgendaDraft {
  /** Stable React key for the row, also across moves. */
  key: string;
  title: string;
  timeboxMinutes: string;
  /** '' or "page:<itemId>" / "board:<itemId>". */
  link: string;
}

export interface MeetingDraft {
  title: string;
  /** YYYY-MM-DD and HH:MM in this device's time zone, as <input type=date|time> hold them. */
  date: string;
  time: string;
  durationMinutes: string;
  place: string;
  videoUrl: string;
  agenda: AgendaDraft[];
}

export type DraftErrorKey =
  | 'titleRequired'
  | 'dateRequired'
  | 'timeRequired'
  | 'durationInvalid'
  | 'videoUrlInvalid'
  | 'itemTitleRequired'
  | 'timeboxInvalid';

/** Field id → translation key under meetings.form.errors. Agenda fields are `agenda.<index>.title|timebox`. */
export type DraftErrors = Record<string, DraftErrorKey>;

let counter = 0;
const newKey = () => `agenda-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const emptyAgendaItem = (): AgendaDraft => ({ key: newKey(), title: '', timeboxMinutes: '10', link: '' });

export const addAgendaItem = (list: readonly AgendaDraft[]): AgendaDraft[] => [...list, emptyAgendaItem()];

export const removeAgendaItem = (list: readonly AgendaDraft[], index: number): AgendaDraft[] =>
  list.filter((_, i) => i !== index);

/** Moves the row at `index` by `delta` places; returns the same list when it cannot move. */
export function moveAgendaItem(list: readonly AgendaDraft[], index: number, delta: -1 | 1): readonly AgendaDraft[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const next = [...list];
  const [row] = next.splice(index, 1);
  next.splice(to, 0, row!);
  return next;
}

export const updateAgendaItem = (list: readonly AgendaDraft[], index: number, patch: Partial<Omit<AgendaDraft, 'key'>>): AgendaDraft[] =>
  list.map((row, i) => (i === index ? { ...row, ...patch } : row));

export const linkValue = (link: SpaceLink | null | undefined): string => (link ? `${link.kind}:${link.itemId}` : '');

export function parseLink(value: string): SpaceLink | null {
  const m = /^(page|board):(.+)$/.exec(value);
  return m ? { kind: m[1] as SpaceLink['kind'], itemId: m[2]! } : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A new session: tomorrow at 09:00 local time, one hour. */
export function emptyDraft(now: Date): MeetingDraft {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  return {
    title: '',
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    time: '09:00',
    durationMinutes: '60',
    place: '',
    videoUrl: '',
    agenda: [emptyAgendaItem()],
  };
}

/** The edit form for a scheduled session, in this device's time zone. */
export function draftFromMeeting(m: Meeting): MeetingDraft {
  const start = new Date(m.startsAt);
  return {
    title: m.title,
    date: `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}`,
    time: `${pad(start.getHours())}:${pad(start.getMinutes())}`,
    durationMinutes: String(Math.round((Date.parse(m.endsAt) - start.getTime()) / 60_000)),
    place: m.place ?? '',
    videoUrl: m.videoUrl ?? '',
    agenda: m.agenda.map((a) => ({ key: newKey(), title: a.title, timeboxMinutes: String(a.timeboxMinutes), link: linkValue(a.link) })),
  };
}

const wholeIn = (value: string, min: number, max: number): number | null => {
  if (!/^\d+$/.test(value.trim())) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
};

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * Checks the form as the server's schema will, and builds the request body. Local date and time
 * become an ISO instant (UTC); empty place and video link are sent as null.
 */
export function draftToRequest(draft: MeetingDraft): { request: ScheduleMeetingRequest | null; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const title = draft.title.trim();
  if (!title) errors.title = 'titleRequired';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.date)) errors.date = 'dateRequired';
  if (!/^\d{2}:\d{2}$/.test(draft.time)) errors.time = 'timeRequired';
  const duration = wholeIn(draft.durationMinutes, 5, 24 * 60);
  if (duration === null) errors.duration = 'durationInvalid';
  const videoUrl = draft.videoUrl.trim();
  if (videoUrl && !isHttpUrl(videoUrl)) errors.videoUrl = 'videoUrlInvalid';
  const agenda: AgendaItemInput[] = [];
  draft.agenda.forEach((row, i) => {
    const itemTitle = row.title.trim();
    const timebox = wholeIn(row.timeboxMinutes, 1, 480);
    if (!itemTitle) errors[`agenda.${i}.title`] = 'itemTitleRequired';
    if (timebox === null) errors[`agenda.${i}.timebox`] = 'timeboxInvalid';
    agenda.push({ title: itemTitle, timeboxMinutes: timebox ?? 0, link: parseLink(row.link) });
  });
  if (Object.keys(errors).length > 0) return { request: null, errors };
  const [y, mo, d] = draft.date.split('-').map(Number) as [number, number, number];
  const [h, mi] = draft.time.split(':').map(Number) as [number, number];
  const startsAt = new Date(y, mo - 1, d, h, mi).toISOString();
  return {
    request: {
      title,
      startsAt,
      durationMinutes: duration!,
      place: draft.place.trim() || null,
      videoUrl: videoUrl || null,
      agenda,
    },
    errors,
  };
}

/** Sum of the agenda's timeboxes (rows with an invalid timebox count as 0). */
export const agendaMinutes = (list: readonly AgendaDraft[]): number =>
  list.reduce((sum, row) => sum + (wholeIn(row.timeboxMinutes, 1, 480) ?? 0), 0);
