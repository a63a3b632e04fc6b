import {
  BOARD_STICKIES,
  itemDocName,
  PAGE_FRAGMENT,
  SPACE_ITEMS,
  spaceDocName,
  type Ack,
  type Meeting,
  type RelatedResponse,
} from '@samla/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { meetingSearchEntries } from '../meetings/searchEntries.js';
import type { MeetingRecord } from '../storage/store.js';
import { addPerson, connectSocket, startServer, waitFor, type TestServer } from '../test/harness.js';

/**
 * "Discussed before" against the real server: documents written server-side, a session run over
 * Socket.IO in `plast`, and another group's content (`energi`) that only its members may see.
 */
let s: TestServer;
const people = {} as Record<'facilitator' | 'member' | 'both' | 'outsider', { id: string; cookie: string }>;
let meetingId: string;

const PAGE = 'plastpasar-01';
const BOARD = 'idetavla-0001';
const OTHER_PAGE = 'cyklar-00001';
const ENERGI_PAGE = 'energisida-01';
const ENERGI_MEETING = 'energimote-01';

async function seedItem(groupId: string, id: string, kind: 'page' | 'board', title: string, fill: (doc: Y.Doc) => void) {
  await s.app.collab.withDoc(spaceDocName(groupId), (d) => {
    const item = new Y.Map<unknown>();
    for (const [k, v] of Object.entries({ kind, title, order: 1, archived: false, createdAt: 0, createdBy: 'u' })) item.set(k, v);
    d.doc.getMap(SPACE_ITEMS).set(id, item);
  });
  await s.app.collab.withDoc(itemDocName(groupId, kind, id), (d) => fill(d.doc));
}

function paragraphs(doc: Y.Doc, ...texts: string[]) {
  doc.getXmlFragment(PAGE_FRAGMENT).insert(
    0,
    texts.map((t) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(t)]);
      return p;
    }),
  );
}

function sticky(doc: Y.Doc, id: string, text: string) {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ text: new Y.Text(text), x: 0, y: 0, color: 'yellow', authorId: 'u', authorName: 'Alva', sectionId: null, createdAt: 0 })) m.set(k, v);
  doc.getMap(BOARD_STICKIES).set(id, m);
}

async function related(cookie: string | null, groupId: string, query: string): Promise<{ status: number; body: RelatedResponse & { error?: { code: string } } }> {
  const res = await fetch(`${s.url}/api/groups/${groupId}/related?${query}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as RelatedResponse & { error?: { code: string } } };
}

function data<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}

beforeAll(async () => {
  s = await startServer();
  people.facilitator = await addPerson(s, 'fia@example.se', 'facilitator');
  people.member = await addPerson(s, 'mats@example.se', 'member');
  people.both = await addPerson(s, 'bea@example.se', 'member');
  people.outsider = await addPerson(s, 'ute@example.se');
  await s.store.groups.create({ id: 'energi', name: 'Energi', description: '', createdAt: new Date() });
  await s.store.memberships.upsert({ groupId: 'energi', userId: people.both.id, role: 'member', createdAt: new Date() });

  // plast: the page being opened, a board with a sticky about the same thing, an unrelated page.
  await seedItem('plast', PAGE, 'page', 'Plastpåsar i butiken', (d) => paragraphs(d, 'Hur får vi bort plastpåsarna vid kassan?', 'Kassan och plastpåsarna.'));
  await seedItem('plast', BOARD, 'board', 'Idéer', (d) => {
    sticky(d, 'lapp-kassa', 'Inga plastpåsar vid kassan');
    sticky(d, 'lapp-cykel', 'Fler cykelställ');
  });
  await seedItem('plast', OTHER_PAGE, 'page', 'Cykelparkering', (d) => paragraphs(d, 'Ställ vid entrén.'));

  // An earlier plast session with the board on its agenda and a decision about the stickies.
  const created = await fetch(`${s.url}/api/groups/plast/meetings`, {
    method: 'POST',
    headers: { cookie: people.facilitator.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Marsmötet',
      startsAt: '2026-03-05T13:00:00+01:00',
      durationMinutes: 60,
      agenda: [{ title: 'Idéer', timeboxMinutes: 10, link: { kind: 'board', itemId: BOARD } }],
    }),
  });
  meetingId = ((await created.json()) as { meeting: Meeting }).meeting.id;
  const sock = connectSocket(s.url, people.facilitator.cookie);
  try {
    data(await sock.emitWithAck('meeting:join', { meetingId }));
    data(await sock.emitWithAck('meeting:start', { meetingId }));
    data(await sock.emitWithAck('meeting:decision', { meetingId, text: 'Butiken slutar dela ut plastpåsar vid kassan.' }));
    data(await sock.emitWithAck('meeting:end', { meetingId, confirm: true }));
  } finally {
    sock.disconnect();
  }

  // energi: a page and a session about plastpåsar too, which only its members may see.
  await seedItem('energi', ENERGI_PAGE, 'page', 'Hemligt om plastpåsar', (d) => paragraphs(d, 'Plastpåsar vid kassan i energigruppen.'));
  const energiMeeting = {
    id: ENERGI_MEETING, groupId: 'energi', title: 'Energimötet', startsAt: Date.parse('2026-02-01T09:00:00Z'), endsAt: Date.parse('2026-02-01T10:00:00Z'),
    decisions: [{ id: 'beslut-1', text: 'Plastpåsar vid kassan ersätts av tygkassar.', createdAt: Date.parse('2026-02-01T09:30:00Z'), createdBy: 'u' }],
    actionItems: [], status: 'ended', endedAt: Date.parse('2026-02-01T10:00:00Z'), updatedAt: Date.parse('2026-02-01T10:00:00Z'),
  } as unknown as MeetingRecord;
  await s.store.meetings.create({
    ...energiMeeting, place: null, videoUrl: null, agenda: [], facilitatorId: 'u', createdBy: 'u', createdAt: 0, currentItem: null,
    currentItemStartedAt: null, timer: null, followTarget: null, notFollowing: [], queue: [], speaking: null, vote: null, voteResults: [],
    attendance: [], startedAt: 0, minutes: null, version: 1,
  } as MeetingRecord);
  await s.app.search.index(meetingSearchEntries(energiMeeting, null));

  // Everything is indexed about a second after it was written.
  await waitFor(
    async () => (await s.store.search.query({ text: 'plastpåsar', groupIds: ['plast', 'energi'], limit: 50, fold: false })).length >= 7,
    10_000,
    'indexed',
  );
});

afterAll(async () => {
  await s.stop();
});

const pageQuery = `item=${PAGE}&kind=page`;

describe('GET /api/groups/:groupId/related', () => {
  it('shows the earlier session and the sticky discussed in it when the related page is opened', async () => {
    const { status, body } = await related(people.member.cookie, 'plast', pageQuery);
    expect(status).toBe(200);
    expect(body.terms.slice(0, 2)).toEqual(['plastpåsar', 'butiken']);
    expect(body.terms).toContain('kassan');
    expect(body.terms).not.toContain('och');

    expect(body.sessions).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({
      group: { id: 'plast', name: 'Plast' },
      meetingId,
      title: 'Marsmötet',
      date: '2026-03-05T12:00:00.000Z',
      link: `/groups/plast/sessions/${meetingId}`,
    });
    // Its decision, its minutes, and the sticky as the board was frozen at its end.
    const matches = body.sessions[0]!.matches;
    expect(matches.map((m) => m.kind).sort()).toEqual(['board', 'decision', 'minutes']);
    expect(matches.find((m) => m.kind === 'board')).toMatchObject({ subId: 'lapp-kassa', snippet: { text: 'Inga plastpåsar vid kassan' } });

    const sticky = body.items.find((i) => i.subId === 'lapp-kassa');
    expect(sticky).toMatchObject({ group: { id: 'plast', name: 'Plast' }, kind: 'board', itemId: BOARD, title: 'Idéer', link: `/groups/plast/boards/${BOARD}?sticky=lapp-kassa` });
    const { text, highlights } = sticky!.snippet;
    expect(highlights.map(([a, b]) => text.slice(a, b))).toEqual(['plastpåsar', 'kassan']);
    // Unrelated content does not come along.
    expect(body.items.map((i) => i.subId)).not.toContain('lapp-cykel');
    expect(body.items.map((i) => i.itemId)).not.toContain(OTHER_PAGE);
  });

  it('never shows the item itself', async () => {
    const { body } = await related(people.member.cookie, 'plast', pageQuery);
    expect(body.items.map((i) => i.itemId)).not.toContain(PAGE);
    const board = await related(people.member.cookie, 'plast', `item=${BOARD}&kind=board`);
    expect(board.status).toBe(200);
    expect(board.body.items.map((i) => i.itemId)).not.toContain(BOARD);
    expect(board.body.items.map((i) => i.itemId)).toContain(PAGE);
  });

  it("never shows a group's content to someone who is not in it, and shows it to its members", async () => {
    const member = (await related(people.member.cookie, 'plast', pageQuery)).body;
    const groupsSeen = [...member.sessions.map((x) => x.group.id), ...member.items.map((x) => x.group.id)];
    expect(new Set(groupsSeen)).toEqual(new Set(['plast']));
    expect(JSON.stringify(member)).not.toMatch(/energi|Hemligt|tygkassar/i);

    const both = (await related(people.both.cookie, 'plast', pageQuery)).body;
    expect(both.items.map((i) => `${i.group.name}/${i.title}`)).toContain('Energi/Hemligt om plastpåsar');
    expect(both.sessions.map((x) => x.title).sort()).toEqual(['Energimötet', 'Marsmötet']);
    // Sessions keep their rank order, which is deterministic: the same answer twice.
    expect((await related(people.both.cookie, 'plast', pageQuery)).body).toEqual(both);

    expect((await related(people.outsider.cookie, 'plast', pageQuery)).status).toBe(403);
    expect((await related(null, 'plast', pageQuery)).status).toBe(401);
  });

  it('caps each list at limit', async () => {
    const { body } = await related(people.both.cookie, 'plast', `${pageQuery}&limit=1`);
    expect(body.sessions).toHaveLength(1);
    expect(body.items).toHaveLength(1);
  });

  it.each([
    ['no item', 'kind=page'],
    ['a malformed item id', 'item=X&kind=page'],
    ['no kind', `item=${PAGE}`],
    ['an unknown kind', `item=${PAGE}&kind=notes`],
    ['a limit of 0', `${pageQuery}&limit=0`],
    ['a limit over 20', `${pageQuery}&limit=21`],
    ['an unknown parameter', `${pageQuery}&q=plast`],
    ['a repeated item', `${pageQuery}&item=${BOARD}`],
  ])('answers 400 invalid_payload for %s', async (_label, query) => {
    const { status, body } = await related(people.member.cookie, 'plast', query);
    expect([status, body.error?.code]).toEqual([400, 'invalid_payload']);
  });

  it('answers 404 for an item that is not in the group as that kind', async () => {
    expect((await related(people.member.cookie, 'plast', `item=finns-inte-01&kind=page`)).status).toBe(404);
    expect((await related(people.member.cookie, 'plast', `item=${PAGE}&kind=board`)).status).toBe(404);
    // The energi page is not in plast, even for someone in both groups.
    expect((await related(people.both.cookie, 'plast', `item=${ENERGI_PAGE}&kind=page`)).status).toBe(404);
  });
});
