import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../server/src/auth/passwords.js';
import type { Store } from '../../server/src/storage/store.js';
import type { Person } from './server.js';

/** A coordinator with a long double name, for layouts that must hold long names. */
export const LONG_NAMED: Person = {
  name: 'Karl-Johan Andersson-Lindqvist',
  email: 'karl-johan@example.se',
  password: 'karl-johan-har-ett-langt-losenord',
};

/** Creates `person` as a coordinator who facilitates the Plast group; returns their id. */
export async function createCoordinator(store: Store, person: Person): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await store.users.create({ id, email: person.email, name: person.name, passwordHash: await hashPassword(person.password), role: 'coordinator', createdAt: now });
  await store.memberships.upsert({ groupId: 'plast', userId: id, role: 'facilitator', createdAt: now });
  return id;
}

export const ENDED_SESSION = 'avslutat-mote-01';
export const ENDED_TITLE = 'Gemensamma riktlinjer för återbruk i kommunala byggprojekt';

/**
 * An ended session of Plast with draft minutes: 10:00–11:00 Stockholm time on 5 March 2026, led by
 * `first` until 10:20, by `second` until 10:45 and by `first` again to the end.
 */
export async function seedEndedSession(store: Store, first: { id: string; name: string }, second: { id: string; name: string }): Promise<void> {
  const start = Date.parse('2026-03-05T09:00:00Z');
  const min = 60_000;
  await store.meetings.create({
    id: ENDED_SESSION, groupId: 'plast', title: ENDED_TITLE, startsAt: start, endsAt: start + 60 * min,
    place: 'Stadshuset, rum 2', videoUrl: null,
    agenda: [
      { id: 'punkt-1', title: 'Läget i arbetsgruppen och rapporter från medlemsorganisationerna', timeboxMinutes: 20, link: null, spentMs: 22 * min },
      { id: 'punkt-2', title: 'Förslag till gemensamma riktlinjer', timeboxMinutes: 30, link: null, spentMs: 33 * min },
    ],
    status: 'ended', facilitatorId: first.id,
    facilitators: [{ userId: first.id, since: start - 30 * min }, { userId: second.id, since: start + 20 * min }, { userId: first.id, since: start + 45 * min }],
    createdBy: first.id, createdAt: start - 7 * 24 * 60 * min, updatedAt: start + 60 * min,
    currentItem: null, currentItemStartedAt: null, timer: null, followTarget: null, notFollowing: [], queue: [], speaking: null,
    vote: null, voteResults: [],
    decisions: [{ id: 'beslut-1', text: 'Arbetsgruppen tar fram ett gemensamt underlag för återbruk före sommaren.', agendaItemId: 'punkt-2', createdAt: start + 50 * min, createdBy: first.id }],
    actionItems: [],
    attendance: [first, second].map((p) => ({ userId: p.id, name: p.name, organisationId: null, organisationName: null, joinedAt: start })),
    startedAt: start, endedAt: start + 60 * min,
    minutes: { snapshots: {}, amendments: [], amendableUntil: start + 60 * min + 48 * 60 * min, approvedAt: null, approvedBy: null },
    version: 12,
  });
}
