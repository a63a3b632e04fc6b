import { BOARD_STICKIES, itemDocName, SPACE_ITEMS, spaceDocName, type Ack, type Meeting } from '@samla/shared';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { addPerson, type TestServer } from './harness.js';

/** What the meetings tests share: a controllable clock, the people of Plast, their space and a session, REST and ack helpers, an iCalendar reader. */

export const T0 = Date.parse('2026-03-05T12:00:00.000Z');
export const MIN = 60_000;

/** A controllable clock: the server's `now` in the meetings tests. */
export function testClock() {
  let t = T0;
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms), get ms() { return t; } };
}

/** The organisation o1 and four people of Plast: a facilitator, two members and an observer (none in o1 yet). */
export async function seedPeople(s: TestServer) {
  await s.store.organisations.create({
    id: 'o1', name: 'Miljöföreningen', orgNumber: '202100-5448', street: 'Gatan 1', postalCode: '111 22',
    municipality: 'Solna', website: null, groupIds: [], contactUserId: null, joinedAt: new Date(T0),
  });
  const fac = await addPerson(s, 'fia@example.se', 'facilitator');
  const mem = await addPerson(s, 'mats@example.se', 'member');
  const mem2 = await addPerson(s, 'maja@example.se', 'member');
  const obs = await addPerson(s, 'olle@example.se', 'observer');
  return { fac, mem, mem2, obs };
}

export const PAGE = 'sida-0001';
export const BOARD = 'tavla-0001';
export const STICKIES = ['lapp-a', 'lapp-b', 'lapp-c', 'lapp-d'];

/** Plast's space with a page, a board of four stickies (two in sektion-1) and an archived page. */
export async function seedSpace(s: TestServer): Promise<void> {
  await s.app.collab.withDoc(spaceDocName('plast'), (d) => {
    const items = d.doc.getMap<Y.Map<unknown>>(SPACE_ITEMS);
    for (const [id, kind] of [[PAGE, 'page'], [BOARD, 'board'], ['gammal-0001', 'page']] as const) {
      const item = new Y.Map<unknown>();
      item.set('kind', kind);
      item.set('title', id);
      item.set('order', 1);
      item.set('archived', id === 'gammal-0001');
      items.set(id, item);
    }
  });
  await s.app.collab.withDoc(itemDocName('plast', 'board', BOARD), (d) => {
    const stickies = d.doc.getMap<Y.Map<unknown>>(BOARD_STICKIES);
    STICKIES.forEach((id, i) => {
      const sticky = new Y.Map<unknown>();
      sticky.set('text', new Y.Text(`Idé ${id.slice(-1).toUpperCase()}`));
      sticky.set('sectionId', i < 2 ? 'sektion-1' : null);
      stickies.set(id, sticky);
    });
  });
}

/** A session of Plast whose agenda links the page and the board of `seedSpace`. */
export const schedule = {
  title: 'Plastgruppen; mars, möte',
  startsAt: '2026-03-05T13:00:00+01:00',
  durationMinutes: 90,
  place: 'Rum 2, Stadshuset\nIngång B',
  agenda: [
    { title: 'Läget', timeboxMinutes: 10, link: { kind: 'page', itemId: PAGE } },
    { title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: BOARD } },
    { title: 'Övrigt', timeboxMinutes: 5 },
  ],
};

export async function scheduled(s: TestServer, cookie: string): Promise<Meeting> {
  const res = await api<{ meeting: Meeting }>(s, cookie, 'POST', '/groups/plast/meetings', schedule);
  expect(res.status).toBe(201);
  return res.body.meeting;
}

/** A REST call as `cookie` (or anonymous); JSON answers parsed into `body`. */
export async function api<T>(s: TestServer, cookie: string | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`${s.url}/api${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T };
}

/** The data of a successful ack; throws with the error code otherwise. */
export function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

export interface IcsComponent {
  name: string;
  props: Record<string, string>;
}

/**
 * A strict reader of the RFC 5545 subset we write: CRLF line ends, lines of at most 75 octets,
 * unfolding (3.1), BEGIN/END nesting, TEXT unescaping (3.3.11). Throws on anything else.
 */
export function parseIcs(text: string): { components: IcsComponent[] } {
  if (!text.endsWith('\r\n')) throw new Error('must end with CRLF');
  const raw = text.slice(0, -2).split('\r\n');
  for (const l of raw) {
    if (l.includes('\n') || l.includes('\r')) throw new Error('bare LF or CR');
    if (Buffer.byteLength(l) > 75) throw new Error(`line over 75 octets: ${l}`);
  }
  const lines: string[] = [];
  for (const l of raw) {
    if (l.startsWith(' ') || l.startsWith('\t')) lines[lines.length - 1] += l.slice(1);
    else lines.push(l);
  }
  const stack: IcsComponent[] = [];
  const components: IcsComponent[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`not a content line: ${line}`);
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line.slice(colon + 1);
    if (!/^[A-Z-]+$/.test(name)) throw new Error(`bad name ${name}`);
    if (name === 'BEGIN') stack.push({ name: value, props: {} });
    else if (name === 'END') {
      const c = stack.pop();
      if (c?.name !== value) throw new Error(`END:${value} does not close ${c?.name}`);
      components.push(c);
    } else {
      const current = stack.at(-1);
      if (!current) throw new Error(`${name} outside a component`);
      if (/(^|[^\\])(\\\\)*[;,]/.test(value) && ['SUMMARY', 'DESCRIPTION', 'LOCATION'].includes(name)) {
        throw new Error(`unescaped separator in ${name}`);
      }
      current.props[name] = value.replace(/\\([\\;,nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
    }
  }
  if (stack.length > 0) throw new Error('unclosed component');
  const cal = components.at(-1);
  if (cal?.name !== 'VCALENDAR' || cal.props.VERSION !== '2.0' || !cal.props.PRODID) throw new Error('not a VCALENDAR 2.0');
  for (const e of components.filter((x) => x.name === 'VEVENT')) {
    for (const p of ['UID', 'DTSTAMP', 'DTSTART']) if (!e.props[p]) throw new Error(`VEVENT without ${p}`);
    for (const p of ['DTSTAMP', 'DTSTART', 'DTEND']) if (e.props[p] && !/^\d{8}T\d{6}Z$/.test(e.props[p]!)) throw new Error(`${p} is not UTC`);
  }
  return { components };
}

