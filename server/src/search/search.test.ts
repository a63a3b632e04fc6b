import {
  BOARD_SECTIONS,
  BOARD_STICKIES,
  itemDocName,
  notesDocName,
  PAGE_FRAGMENT,
  SPACE_ITEMS,
  spaceDocName,
  type SearchResponse,
} from '@samla/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '../storage/sqlite/index.js';
import { addPerson, connectDoc, removeDir, startServer, waitFor, type TestServer } from '../test/harness.js';
import { SESSIONS_BACKFILL_KEY, SESSIONS_BACKFILL_VERSION } from '../meetings/service.js';
import { BACKFILL_META_KEY, BACKFILL_VERSION } from './indexer.js';

/**
 * Search and exports against the real server: content goes in through real y-websocket clients,
 * search and downloads come out over HTTP.
 */
let s: TestServer;
const people = {} as Record<'member' | 'observer' | 'outsider' | 'energi', { id: string; cookie: string }>;
const providers: { destroy(): void }[] = [];

const PAGE = 'avfallsplan-01';
const BOARD = 'idetavla-0001';
const ENERGI_PAGE = 'energisida-01';

function open(docName: string, cookie: string) {
  const c = connectDoc(s.wsUrl, docName, cookie);
  providers.push(c.provider);
  return c;
}

async function synced(docName: string, cookie: string) {
  const c = open(docName, cookie);
  await waitFor(() => c.provider.synced, 5_000, `sync of ${docName}`);
  return c.doc;
}

function addSpaceItem(space: Y.Doc, id: string, kind: 'page' | 'board', title: string) {
  const item = new Y.Map<unknown>();
  space.transact(() => {
    item.set('kind', kind);
    item.set('title', title);
    item.set('order', 1);
    item.set('archived', false);
    item.set('createdAt', 0);
    item.set('createdBy', 'u');
    space.getMap(SPACE_ITEMS).set(id, item);
  });
}

/** An element with text children (Y.XmlText with optional marks) or element children. */
function el(name: string, attrs: Record<string, unknown>, ...content: (Y.XmlElement | string | [string, Record<string, unknown>])[]) {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  const nodes = content.map((c) => {
    if (c instanceof Y.XmlElement) return c;
    const t = new Y.XmlText();
    if (typeof c === 'string') t.insert(0, c);
    else t.insert(0, c[0], c[1]);
    return t;
  });
  e.insert(0, nodes);
  return e;
}
const p = (...c: Parameters<typeof el>[2][]) => el('paragraph', {}, ...c);
const li = (...blocks: Y.XmlElement[]) => el('listItem', {}, ...blocks);

function addSticky(board: Y.Doc, id: string, text: string, over: Record<string, unknown> = {}) {
  board.transact(() => {
    const sticky = new Y.Map<unknown>();
    const t = new Y.Text();
    t.insert(0, text);
    sticky.set('text', t);
    for (const [k, v] of Object.entries({ x: 0, y: 0, color: 'yellow', authorId: 'u', authorName: 'Alva', sectionId: null, createdAt: 0, ...over })) {
      sticky.set(k, v);
    }
    board.getMap(BOARD_STICKIES).set(id, sticky);
  });
}

async function search(cookie: string | null, query: string): Promise<{ status: number; body: SearchResponse & { error?: { code: string } } }> {
  const res = await fetch(`${s.url}/api/search?${query}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, body: (await res.json()) as SearchResponse & { error?: { code: string } } };
}
const q = (text: string, extra = '') => `q=${encodeURIComponent(text)}${extra}`;

async function found(cookie: string, text: string, predicate: (r: SearchResponse) => boolean): Promise<SearchResponse> {
  let last: SearchResponse = { results: [], more: false };
  await waitFor(
    async () => {
      last = (await search(cookie, q(text))).body;
      return predicate(last);
    },
    5_000,
    `search for "${text}"`,
  );
  return last;
}

async function download(cookie: string | null, path: string) {
  const res = await fetch(`${s.url}/api${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
}

beforeAll(async () => {
  s = await startServer();
  people.member = await addPerson(s, 'medlem@example.se', 'member');
  people.observer = await addPerson(s, 'observator@example.se', 'observer');
  people.outsider = await addPerson(s, 'utanfor@example.se');
  people.energi = await addPerson(s, 'energi@example.se');
  await s.store.groups.create({ id: 'energi', name: 'Energi', description: '', createdAt: new Date() });
  await s.store.memberships.upsert({ groupId: 'energi', userId: people.energi.id, role: 'member', createdAt: new Date() });
});

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await s.stop();
});

describe('search', () => {
  it('finds text typed into a page within seconds, by any form of a Swedish word', async () => {
    const space = await synced(spaceDocName('plast'), people.member.cookie);
    addSpaceItem(space, PAGE, 'page', 'Avfallsplan');
    addSpaceItem(space, BOARD, 'board', 'Idéer om plast');
    const page = await synced(itemDocName('plast', 'page', PAGE), people.member.cookie);
    page.getXmlFragment(PAGE_FRAGMENT).insert(0, [el('heading', { level: 2 }, 'Återvinning'), p('Vi vill höja vår återvinningsgrad.')]);

    const board = await synced(itemDocName('plast', 'board', BOARD), people.member.cookie);
    board.transact(() => {
      const section = new Y.Map<unknown>();
      section.set('title', 'Förslag');
      for (const [k, v] of Object.entries({ x: 0, y: 0, width: 400, height: 400 })) section.set(k, v);
      board.getMap(BOARD_SECTIONS).set('sektion-1', section);
    });
    addSticky(board, 'lapp-1', 'Pant på återvinningsbara förpackningar', { sectionId: 'sektion-1' });

    const { results } = await found(people.member.cookie, 'återvinning', (r) => r.results.length === 2);
    const pageHit = results.find((r) => r.kind === 'page')!;
    expect(pageHit).toMatchObject({
      group: { id: 'plast', name: 'Plast' },
      itemId: PAGE,
      title: 'Avfallsplan',
      link: `/groups/plast/pages/${PAGE}`,
    });
    expect(pageHit.snippet.highlights.map(([a, b]) => pageHit.snippet.text.slice(a, b))).toEqual(['Återvinning', 'återvinningsgrad']);
    expect(Date.parse(pageHit.date)).not.toBeNaN();
    expect(results.find((r) => r.kind === 'board')).toMatchObject({
      itemId: BOARD,
      subId: 'lapp-1',
      title: 'Idéer om plast',
      section: 'Förslag',
      link: `/groups/plast/boards/${BOARD}?sticky=lapp-1`,
    });

    // Upper case, a prefix of a word with å and the word typed without the ring find the same.
    expect((await search(people.member.cookie, q('ÅTERVINN'))).body.results).toHaveLength(2);
    expect((await search(people.member.cookie, q('atervinning'))).body.results).toHaveLength(2);
    // Kind filter.
    expect((await search(people.member.cookie, q('återvinning', '&kind=board'))).body.results.map((r) => r.subId)).toEqual(['lapp-1']);
    // Observers read, so they find too.
    expect((await search(people.observer.cookie, q('återvinning'))).body.results).toHaveLength(2);
  });

  it('follows edits: renamed items, changed notes, deleted stickies, items taken out of the space', async () => {
    const space = await synced(spaceDocName('plast'), people.member.cookie);
    (space.getMap(SPACE_ITEMS).get(PAGE) as Y.Map<unknown>).set('title', 'Handlingsplan för avfall');
    await found(people.member.cookie, 'handlingsplan', (r) => r.results[0]?.itemId === PAGE);

    const notes = await synced(notesDocName('plast'), people.member.cookie);
    notes.getXmlFragment(PAGE_FRAGMENT).insert(0, [p('Nästa möte: källsortering i köket')]);
    const { results } = await found(people.member.cookie, 'källsort', (r) => r.results.length === 1);
    expect(results[0]).toMatchObject({ kind: 'notes', link: '/groups/plast', group: { id: 'plast' } });

    const board = await synced(itemDocName('plast', 'board', BOARD), people.member.cookie);
    addSticky(board, 'lapp-2', 'Kompostera matavfall');
    await found(people.member.cookie, 'kompostera', (r) => r.results.length === 1);
    board.getMap(BOARD_STICKIES).delete('lapp-2');
    await found(people.member.cookie, 'kompostera', (r) => r.results.length === 0);

    // An item taken out of the space (not archived: gone) leaves search with its text.
    addSpaceItem(space, 'kartongsida-1', 'page', 'Kartongretur');
    const page = await synced(itemDocName('plast', 'page', 'kartongsida-1'), people.member.cookie);
    page.getXmlFragment(PAGE_FRAGMENT).insert(0, [p('Wellpapp hämtas på torsdagar')]);
    await found(people.member.cookie, 'wellpapp', (r) => r.results[0]?.title === 'Kartongretur');
    space.getMap(SPACE_ITEMS).delete('kartongsida-1');
    await found(people.member.cookie, 'wellpapp', (r) => r.results.length === 0);
    await found(people.member.cookie, 'kartongretur', (r) => r.results.length === 0);
  });

  it('shows nothing of a group to people outside it: no results, no count, no snippet', async () => {
    // The energi group has its own page with a word that is also in plast, and one that is only there.
    const space = await synced(spaceDocName('energi'), people.energi.cookie);
    addSpaceItem(space, ENERGI_PAGE, 'page', 'Solceller');
    const page = await synced(itemDocName('energi', 'page', ENERGI_PAGE), people.energi.cookie);
    page.getXmlFragment(PAGE_FRAGMENT).insert(0, [p('Hemlig återvinning av solpaneler')]);
    await found(people.energi.cookie, 'solpaneler', (r) => r.results.length === 1);

    // Plast's page and sticky match "återvinning" and are in the index, yet energi's member sees only their own.
    const energi = (await search(people.energi.cookie, q('återvinning'))).body;
    expect(energi.results.map((r) => r.group.id)).toEqual(['energi']);
    expect(energi.more).toBe(false);

    for (const cookie of [people.outsider.cookie, people.member.cookie]) {
      const { status, body } = await search(cookie, q('solpaneler'));
      expect(status).toBe(200);
      expect(body).toEqual({ results: [], more: false });
    }
    const outsider = await search(people.outsider.cookie, q('återvinning', '&limit=1'));
    expect(outsider.body).toEqual({ results: [], more: false });
    // Asking for the group by name is refused outright, and nothing else is in the answer.
    const asked = await search(people.outsider.cookie, q('solpaneler', '&group=energi'));
    expect(asked.status).toBe(403);
    expect(JSON.stringify(asked.body)).not.toMatch(/solpanel|Hemlig/i);
  });

  it('indexes documents stored before the server started (backfill), once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'samla-backfill-'));
    const store = createSqliteStore(join(dataDir, 'samla.sqlite'));
    await store.init();
    const space = new Y.Doc();
    addSpaceItem(space, 'gammal-sida-1', 'page', 'Gammal sida');
    const page = new Y.Doc();
    page.getXmlFragment(PAGE_FRAGMENT).insert(0, [p('Skrivet innan sökningen fanns: fjärrvärme')]);
    await store.docs.append(itemDocName('plast', 'page', 'gammal-sida-1'), [Y.encodeStateAsUpdate(page)]);
    await store.docs.append(spaceDocName('plast'), [Y.encodeStateAsUpdate(space)]);

    const old = await startServer({ dataDir, store });
    try {
      const { cookie } = await addPerson(old, 'backfill@example.se', 'member');
      let body: SearchResponse = { results: [], more: false };
      await waitFor(async () => {
        body = (await (await fetch(`${old.url}/api/search?q=fj%C3%A4rrv`, { headers: { cookie } })).json()) as SearchResponse;
        return body.results.length === 1;
      }, 5_000, 'the backfilled page');
      expect(body.results[0]).toMatchObject({ itemId: 'gammal-sida-1', title: 'Gammal sida' });
      await waitFor(async () => (await store.meta.get(BACKFILL_META_KEY)) === BACKFILL_VERSION, 5_000, 'the backfill to finish');
      // Done once: a second pass finds the index complete.
      expect(await old.app.search.backfill()).toBe(0);
    } finally {
      await old.stop();
      removeDir(dataDir);
    }
  });

  it('indexes sessions stored before the server started: their decisions and frozen boards', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'samla-backfill-sessions-'));
    const store = createSqliteStore(join(dataDir, 'samla.sqlite'));
    await store.init();
    const space = new Y.Doc();
    addSpaceItem(space, 'mötestavla-01', 'board', 'Idéer från mötet');
    await store.docs.append(spaceDocName('plast'), [Y.encodeStateAsUpdate(space)]);
    // The board as it was frozen at the end; the live board no longer has the sticky.
    const frozen = new Y.Doc();
    addSticky(frozen, 'sticky-skap-01', 'Återbruksskåp i källaren');
    const t = Date.UTC(2026, 9, 1, 8);
    await store.snapshots.create({ id: 'frys-0001', docName: itemDocName('plast', 'board', 'mötestavla-01'), createdAt: new Date(t + 3_600_000), name: 'Slutet av mötet', reason: 'session-end', contributorIds: [], state: Y.encodeStateAsUpdate(frozen) });
    await store.meetings.create({
      id: 'gammalt-mote', groupId: 'plast', title: 'Oktobermötet', startsAt: t, endsAt: t + 3_600_000, place: null, videoUrl: null,
      agenda: [{ id: 'punkt-1', title: 'Idéer', timeboxMinutes: 20, link: { kind: 'board', itemId: 'mötestavla-01' }, spentMs: 0 }],
      status: 'ended', facilitatorId: 'u-borta', createdBy: 'u-borta', createdAt: t, updatedAt: t,
      currentItem: null, currentItemStartedAt: null, timer: null, followTarget: null, notFollowing: [], queue: [], speaking: null,
      vote: null, voteResults: [],
      decisions: [{ id: 'beslut-1', text: 'Vi inför pant på kaffemuggar', agendaItemId: 'punkt-1', createdAt: t, createdBy: 'u-borta' }],
      actionItems: [], attendance: [], startedAt: t, endedAt: t + 3_600_000,
      minutes: { snapshots: { 'punkt-1': 'frys-0001' }, amendments: [], amendableUntil: t, approvedAt: null, approvedBy: null },
      version: 9,
    });

    const old = await startServer({ dataDir, store });
    try {
      const { cookie } = await addPerson(old, 'sessioner@example.se', 'member');
      const find = async (q: string) => ((await (await fetch(`${old.url}/api/search?q=${encodeURIComponent(q)}`, { headers: { cookie } })).json()) as SearchResponse).results;
      await waitFor(async () => (await find('kaffemuggar')).length > 0 && (await find('återbruksskåp')).length > 0, 5_000, 'the backfilled session');
      expect((await find('kaffemuggar')).map((r) => r.kind)).toContain('decision');
      expect(await find('återbruksskåp')).toEqual([
        expect.objectContaining({ kind: 'board', link: '/groups/plast/sessions/gammalt-mote?snapshot=frys-0001&sticky=sticky-skap-01' }),
      ]);
      await waitFor(async () => (await store.meta.get(SESSIONS_BACKFILL_KEY)) === SESSIONS_BACKFILL_VERSION, 5_000, 'the backfill to finish');
    } finally {
      await old.stop();
      removeDir(dataDir);
    }
  });

  it('answers bad input with 400 invalid_payload and anonymous callers with 401', async () => {
    for (const query of ['', 'q=', 'q=%20%20', 'q=!!!', `q=${'a'.repeat(201)}`, 'q=plast&limit=0', 'q=plast&limit=51', 'q=plast&limit=x', 'q=plast&kind=sticky', 'q=plast&group=Inte%20ok', 'q=plast&extra=1']) {
      const { status, body } = await search(people.member.cookie, query);
      expect({ query, status, code: body.error?.code }).toEqual({ query, status: 400, code: 'invalid_payload' });
    }
    expect((await search(null, q('plast'))).status).toBe(401);
    expect((await search(people.member.cookie, q('plast', '&group=finns-inte'))).status).toBe(404);
  });
});

describe('exports', () => {
  const EXPORT_PAGE = 'exportsida-01';
  const EXPORT_BOARD = 'exporttavla-1';

  it('exports a page as Markdown whose headings, lists and checklists read back as the same structure', async () => {
    const space = await synced(spaceDocName('plast'), people.member.cookie);
    addSpaceItem(space, EXPORT_PAGE, 'page', 'Mötesanteckningar');
    const page = await synced(itemDocName('plast', 'page', EXPORT_PAGE), people.member.cookie);
    page.getXmlFragment(PAGE_FRAGMENT).insert(0, [
      el('heading', { level: 2 }, 'Bakgrund'),
      p('Plast ', ['är', { bold: {} }], ' en ', ['fråga', { italic: {} }], ' om ', ['upphandling', { link: { href: 'https://example.se/a b' } }], '.'),
      p('# inte en rubrik *och* [ingen] länk'),
      el('bulletList', {}, li(p('Pant')), li(p('Sortering'), el('bulletList', {}, li(p('Hårdplast')), li(p('Mjukplast'))))),
      el('heading', { level: 3 }, 'Att göra'),
      el('orderedList', { start: 1 }, li(p('Boka lokal')), li(p('Skicka kallelse'))),
      el('taskList', {}, el('taskItem', { checked: true }, p('Läsa rapporten')), el('taskItem', { checked: false }, p('Svara Kim'))),
      el(
        'table',
        {},
        el('tableRow', {}, el('tableHeader', {}, p('Material')), el('tableHeader', {}, p('Andel'))),
        el('tableRow', {}, el('tableCell', {}, p('PET | PP')), el('tableCell', {}, p('40 %'))),
      ),
    ]);

    let md = '';
    await waitFor(async () => {
      md = (await download(people.observer.cookie, `/groups/plast/pages/${EXPORT_PAGE}/export.md`)).text;
      return md.includes('40 %');
    }, 5_000, 'the page content in the export');
    const res = await download(people.observer.cookie, `/groups/plast/pages/${EXPORT_PAGE}/export.md`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/markdown; charset=utf-8/);
    expect(res.disposition).toBe('attachment; filename="motesanteckningar.md"');

    // Read the Markdown back: headings, list items with depth, marker and checkbox.
    const structure = md.split('\n').flatMap((line) => {
      const h = /^(#{1,6}) (.*)$/.exec(line);
      if (h) return [`h${h[1]!.length} ${h[2]}`];
      const item = /^( *)(-|\d+\.) (\[[ x]\] )?(.*)$/.exec(line);
      if (item) return [`${item[1]!.length / 2}${item[2] === '-' ? '•' : '#'}${item[3] ? item[3].trim() : ''} ${item[4]}`];
      return [];
    });
    expect(structure).toEqual([
      'h1 Mötesanteckningar',
      'h2 Bakgrund',
      '0• Pant',
      '0• Sortering',
      '1• Hårdplast',
      '1• Mjukplast',
      'h3 Att göra',
      '0# Boka lokal',
      '0# Skicka kallelse',
      '0•[x] Läsa rapporten',
      '0•[ ] Svara Kim',
    ]);
    expect(md).toContain('Plast **är** en *fråga* om [upphandling](https://example.se/a%20b).');
    // Typed Markdown characters stay text.
    expect(md).toContain('\\# inte en rubrik \\*och\\* \\[ingen\\] länk');
    expect(md).toContain('| Material | Andel |\n| --- | --- |\n| PET \\| PP | 40 % |');
  });

  it('exports the group notes as Markdown, titled with the group name', async () => {
    const res = await download(people.member.cookie, '/groups/plast/notes/export.md');
    expect(res.status).toBe(200);
    expect(res.text.startsWith('# Plast\n')).toBe(true);
    expect(res.text).toContain('Nästa möte: källsortering i köket');
  });

  it('exports a board as CSV: BOM, quoted cells, sections in order, formulas defused', async () => {
    const space = await synced(spaceDocName('plast'), people.member.cookie);
    addSpaceItem(space, EXPORT_BOARD, 'board', 'Workshop');
    const board = await synced(itemDocName('plast', 'board', EXPORT_BOARD), people.member.cookie);
    board.transact(() => {
      for (const [id, title, y] of [['s-nere', 'Senare', 500], ['s-uppe', 'Först, "viktigast"', 0]] as const) {
        const section = new Y.Map<unknown>();
        for (const [k, v] of Object.entries({ title, x: 0, y, width: 400, height: 400 })) section.set(k, v);
        board.getMap(BOARD_SECTIONS).set(id, section);
      }
    });
    addSticky(board, 'a', '=HYPERLINK("http://evil")', { sectionId: 's-nere', y: 520 });
    addSticky(board, 'b', 'Rad ett\nrad två, med "citat"', { sectionId: 's-uppe', y: 40, authorName: '@Kim' });
    addSticky(board, 'c', '-1+2', { y: 900, authorName: 'Åsa' });
    addSticky(board, 'd', '+46 8 123', { sectionId: 's-uppe', y: 10 });

    let csv = '';
    await waitFor(async () => {
      csv = (await download(people.observer.cookie, `/groups/plast/boards/${EXPORT_BOARD}/export.csv`)).text;
      return csv.includes('-1+2');
    }, 5_000, 'the board content in the export');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '"Sektion","Text","Författare","Röster"',
      '"Först, ""viktigast""","\'+46 8 123","Alva","0"',
      '"Först, ""viktigast""","Rad ett\nrad två, med ""citat""","\'@Kim","0"',
      '"Senare","\'=HYPERLINK(""http://evil"")","Alva","0"',
      '"","\'-1+2","Åsa","0"',
      '',
    ]);
    const res = await download(people.member.cookie, `/groups/plast/boards/${EXPORT_BOARD}/export.csv`);
    expect(res.type).toBe('text/csv; charset=utf-8');
    expect(res.disposition).toBe('attachment; filename="workshop.csv"');
  });

  it('fills the votes column from the latest revealed dot vote on the board', async () => {
    const base = { groupId: 'plast', title: 'Möte', startsAt: 0, endsAt: 1, place: null, videoUrl: null, agenda: [], facilitatorId: 'u', createdBy: 'u', createdAt: 0, updatedAt: 0 };
    const room = { currentItem: null, currentItemStartedAt: null, timer: null, followTarget: null, notFollowing: [], queue: [], speaking: null, vote: null, decisions: [], actionItems: [], attendance: [], startedAt: 0, endedAt: 1, minutes: null, version: 1 };
    const result = (round: number, votes: [string, number][]) => ({
      round, boardId: EXPORT_BOARD, votesPerPerson: 3, maxPerSticky: null, voters: 2, totalVotes: 4, revealedAt: round,
      ranking: votes.map(([stickyId, n]) => ({ stickyId, text: '', votes: n })),
    });
    await s.store.meetings.create({ ...base, ...room, id: 'mote-1', status: 'ended', voteResults: [result(1, [['a', 9]]), result(2, [['b', 3], ['c', 1]])] });
    const csv = (await download(people.member.cookie, `/groups/plast/boards/${EXPORT_BOARD}/export.csv`)).text;
    expect(csv.split('\r\n').slice(1, 5).map((l) => l.split(',').at(-1))).toEqual(['"0"', '"3"', '"0"', '"1"']);
  });

  it('lets members and observers export; others get 401, 403 or 404', async () => {
    const paths = [`/groups/plast/pages/${EXPORT_PAGE}/export.md`, '/groups/plast/notes/export.md', `/groups/plast/boards/${EXPORT_BOARD}/export.csv`];
    for (const path of paths) {
      expect((await download(null, path)).status).toBe(401);
      expect((await download(people.outsider.cookie, path)).status).toBe(403);
      expect((await download(people.energi.cookie, path)).status).toBe(403);
    }
    // A board is not a page, and unknown ids are not found.
    expect((await download(people.member.cookie, `/groups/plast/pages/${EXPORT_BOARD}/export.md`)).status).toBe(404);
    expect((await download(people.member.cookie, '/groups/plast/boards/finns-inte-alls/export.csv')).status).toBe(404);
    expect((await download(people.member.cookie, '/groups/plast/pages/X/export.md')).status).toBe(404);
  });
});
