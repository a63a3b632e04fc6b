import { personName } from '../http/language.js';
import type { ExternalEntry } from '../search/indexer.js';
import type { MeetingRecord } from '../storage/store.js';

export const meetingLink = (m: Pick<MeetingRecord, 'groupId' | 'id'>) => `/groups/${m.groupId}/sessions/${m.id}`;

/**
 * What search should hold of a session: each decision and action item once recorded, and the minutes
 * (as Markdown) once the session has ended. Entries are keyed, so writing them again is harmless.
 */
export function meetingSearchEntries(m: MeetingRecord, minutesMarkdown: string | null): ExternalEntry[] {
  const base = { groupId: m.groupId, itemId: m.id, title: m.title, link: meetingLink(m) };
  return [
    ...m.decisions.map((d): ExternalEntry => ({ ...base, kind: 'decision', subId: d.id, text: d.text, date: new Date(d.createdAt) })),
    ...m.actionItems.map(
      (a): ExternalEntry => ({
        ...base,
        kind: 'action',
        subId: a.id,
        // In the network's language, as the minutes are indexed: a deleted owner is "tidigare medlem".
        text: [a.text, personName(a.owner.name, 'sv'), a.due].filter(Boolean).join(' · '),
        date: new Date(a.createdAt),
      }),
    ),
    ...(minutesMarkdown === null ? [] : [{ ...base, kind: 'minutes' as const, subId: '', text: minutesMarkdown, date: new Date(m.endedAt ?? m.updatedAt) }]),
  ];
}

/** Whether a change touched anything search holds of the session. */
export function searchableChanged(prev: MeetingRecord, next: MeetingRecord): boolean {
  return (
    prev.title !== next.title ||
    prev.decisions !== next.decisions ||
    prev.actionItems !== next.actionItems ||
    prev.minutes !== next.minutes ||
    prev.status !== next.status
  );
}
