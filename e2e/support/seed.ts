import { randomUUID } from 'node:crypto';
import { BOARD_STICKIES, itemDocName, PAGE_FRAGMENT, SPACE_ITEMS, spaceDocName } from '@samla/shared';
import * as Y from 'yjs';
import { hashPassword } from '../../server/src/auth/passwords.js';
import type { Store } from '../../server/src/storage/store.js';
import type { AppServer, Person } from './server.js';

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

export const SWEEP_PAGE = 'sida-tillganglig';
export const SWEEP_BOARD = 'tavla-tillganglig';
export const LIVE_SESSION = 'pagaende-mote-01';

/** Plast's space with a page (a heading and a paragraph) and a board with two stickies, written on the server. */
export async function seedPageAndBoard(server: AppServer): Promise<void> {
  const { collab } = server.app;
  await collab.withDoc(spaceDocName('plast'), (d) => {
    const items = d.doc.getMap<Y.Map<unknown>>(SPACE_ITEMS);
    [[SWEEP_PAGE, 'page', 'Återbruk av byggmaterial i kommunala fastighetsprojekt'], [SWEEP_BOARD, 'board', 'Idétavla: cirkulära affärsmodeller för små företag']].forEach(([id, kind, title], i) => {
      const item = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ kind, title, order: i + 1, archived: false, createdAt: Date.now(), createdBy: 'seed' })) item.set(k, v);
      items.set(id!, item);
    });
  });
  await collab.withDoc(itemDocName('plast', 'page', SWEEP_PAGE), (d) => {
    const fragment = d.doc.getXmlFragment(PAGE_FRAGMENT);
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', '2');
    heading.insert(0, [new Y.XmlText('Bakgrund')]);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Kommunerna delar erfarenheter av återbruk.')]);
    fragment.insert(0, [heading, paragraph]);
  });
  await collab.withDoc(itemDocName('plast', 'board', SWEEP_BOARD), (d) => {
    ['Pant på byggmaterial', 'Gemensam materialbank'].forEach((text, i) => {
      const sticky = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ text: new Y.Text(text), x: 40 + i * 240, y: 40, color: 'yellow', authorId: 'seed', authorName: 'Åsa', sectionId: null, createdAt: 0 })) sticky.set(k, v);
      d.doc.getMap(BOARD_STICKIES).set(`lapp-${i}`, sticky);
    });
  });
}

/** A session of Plast in progress, led by `facilitator`, on its first agenda item (the page) with a running timer. */
export async function seedLiveSession(store: Store, facilitator: { id: string; name: string }): Promise<void> {
  const now = Date.now();
  const min = 60_000;
  await store.meetings.create({
    id: LIVE_SESSION, groupId: 'plast', title: 'Arbetsmöte om gemensamma riktlinjer för återbruk', startsAt: now - 5 * min, endsAt: now + 85 * min,
    place: null, videoUrl: null,
    agenda: [
      { id: 'punkt-a', title: 'Läget i arbetsgruppen och rapporter från medlemsorganisationerna', timeboxMinutes: 20, link: { kind: 'page', itemId: SWEEP_PAGE }, spentMs: 0 },
      { id: 'punkt-b', title: 'Idéer om cirkulära affärsmodeller', timeboxMinutes: 30, link: { kind: 'board', itemId: SWEEP_BOARD }, spentMs: 0 },
    ],
    status: 'live', facilitatorId: facilitator.id, facilitators: [{ userId: facilitator.id, since: now - 5 * min }],
    createdBy: facilitator.id, createdAt: now - 60 * min, updatedAt: now,
    currentItem: 0, currentItemStartedAt: now - 5 * min, timer: { status: 'running', durationMs: 20 * min, endsAt: now + 15 * min },
    followTarget: null, notFollowing: [], queue: [], speaking: null, vote: null, voteResults: [], decisions: [], actionItems: [],
    attendance: [], startedAt: now - 5 * min, endedAt: null, minutes: null, version: 3,
  });
}
