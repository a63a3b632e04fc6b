import { FORMER_MEMBER } from '@samla/shared';
import type { MeetingRecord } from '../storage/store.js';

/**
 * Everyone a session names: the people whose names it keeps beside their ids (attendance, the speaking
 * queue, owners of action items, authors of amendments) and its facilitators, whose names are looked
 * up when the minutes are written.
 */
export function peopleNamedIn(m: MeetingRecord): Set<string> {
  const ids = new Set<string>([m.facilitatorId, ...m.facilitators.map((f) => f.userId)]);
  for (const a of m.attendance) ids.add(a.userId);
  for (const q of m.queue) ids.add(q.userId);
  if (m.speaking) ids.add(m.speaking.userId);
  for (const a of m.actionItems) if (a.owner.kind === 'user') ids.add(a.owner.userId);
  for (const a of m.minutes?.amendments ?? []) ids.add(a.authorId);
  return ids;
}

/**
 * The session as it may be shown or exported: every name it keeps of a person in `gone` (whose
 * account was deleted) reads FORMER_MEMBER. The stored record is not changed; unchanged parts are
 * the same objects, so change detection by identity still works on the result.
 */
export function withFormerMembers(m: MeetingRecord, gone: ReadonlySet<string>): MeetingRecord {
  if (gone.size === 0) return m;
  const named = <T extends { userId: string; name: string }>(x: T): T => (gone.has(x.userId) ? { ...x, name: FORMER_MEMBER } : x);
  const some = <T>(xs: T[], who: (x: T) => string | null) => xs.some((x) => { const id = who(x); return id !== null && gone.has(id); });
  return {
    ...m,
    attendance: some(m.attendance, (a) => a.userId) ? m.attendance.map(named) : m.attendance,
    queue: some(m.queue, (q) => q.userId) ? m.queue.map(named) : m.queue,
    speaking: m.speaking ? named(m.speaking) : null,
    actionItems: some(m.actionItems, (a) => (a.owner.kind === 'user' ? a.owner.userId : null))
      ? m.actionItems.map((a) => (a.owner.kind === 'user' && gone.has(a.owner.userId) ? { ...a, owner: { ...a.owner, name: FORMER_MEMBER } } : a))
      : m.actionItems,
    minutes:
      m.minutes && some(m.minutes.amendments, (a) => a.authorId)
        ? {
            ...m.minutes,
            amendments: m.minutes.amendments.map((a) => (gone.has(a.authorId) ? { ...a, authorName: FORMER_MEMBER } : a)),
          }
        : m.minutes,
  };
}
